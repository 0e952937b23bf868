package dev.perch.loadgen.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The I/O threads every connection of one target runs on: one per core, epoll where the native
 * transport loads, NIO otherwise. Each connection stays on the thread it was given.
 */
public final class IoThreads implements AutoCloseable {

  private final EventLoopGroup group;
  private final Class<? extends Channel> channelType;

  public IoThreads() {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), handlers);
    this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** The next thread, in turn. */
  EventLoop next() {
    return group.next();
  }

  Class<? extends Channel> channelType() {
    return channelType;
  }

  /** Stops the threads; open connections close. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
