package dev.perch.loadgen.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One keep-alive HTTP/1.1 connection with at most one request in flight; later requests wait in
 * its queue, in order. Requests are complete, pre-rendered request bytes. It connects on the first
 * request, and again on the next one after the server closed it. Every state change happens on its
 * I/O thread; {@link #send} may be called from any thread, and requests sent from elsewhere in a
 * burst reach the I/O thread together, with one wake-up.
 */
public final class HttpConnection {

  /** Longer than any poll may wait (Perch at most 60 s, Nchan as configured in dev/nchan). */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(90);

  private static final int MAX_RESPONSE_BYTES = 64 << 20;

  private final HttpEndpoint endpoint;
  private final EventLoop loop;
  private final Queue<Pending> arriving = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean takeScheduled = new AtomicBoolean();
  private final Runnable takeArriving = this::takeArriving;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private Channel channel;
  private Pending inFlight;
  private Throwable closeCause;
  private boolean closed;

  HttpConnection(HttpEndpoint endpoint, EventLoop loop) {
    this.endpoint = endpoint;
    this.loop = loop;
  }

  /** The I/O thread this connection runs on. */
  public EventLoop loop() {
    return loop;
  }

  /** Sends {@code request} (which this takes over) after the requests given before it. */
  public void send(ByteBuf request, Exchange exchange) {
    Pending pending = new Pending(request, exchange);
    if (loop.inEventLoop()) {
      queue.add(pending);
      writeOrConnect();
    } else {
      arriving.add(pending);
      if (takeScheduled.compareAndSet(false, true)) {
        loop.execute(takeArriving);
      }
    }
  }

  /** Closes the connection; the requests in flight and those queued fail. */
  public void close() {
    loop.execute(() -> {
      closed = true;
      if (channel != null) {
        channel.close();
      }
      takeArriving();
      failAll(new IOException("connection closed by the generator"));
    });
  }

  private void takeArriving() {
    takeScheduled.set(false);
    for (Pending pending = arriving.poll(); pending != null; pending = arriving.poll()) {
      queue.add(pending);
    }
    writeOrConnect();
  }

  private void writeOrConnect() {
    if (closed) {
      failAll(new IOException("connection closed by the generator"));
    } else if (channel == null) {
      connect();
    } else if (channel.isActive()) {
      writeNext();
    }
  }

  private void connect() {
    Bootstrap bootstrap = new Bootstrap()
        .group(loop)
        .channel(endpoint.threads().channelType())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(
                new IdleStateHandler(RESPONSE_TIMEOUT.toSeconds(), 0, 0, TimeUnit.SECONDS),
                new HttpResponseDecoder(new HttpDecoderConfig().setValidateHeaders(false)),
                new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                new Responses());
          }
        });
    ChannelFuture future = endpoint.localAddress() == null
        ? bootstrap.connect(endpoint.address())
        : bootstrap.connect(endpoint.address(), endpoint.localAddress());
    channel = future.channel();
    closeCause = null;
    future.addListener(done -> {
      if (!done.isSuccess()) {
        channel = null;
        failAll(done.cause());
      } else if (closed) {
        future.channel().close();
      } else {
        writeNext();
      }
    });
  }

  private void writeNext() {
    if (inFlight != null || queue.isEmpty()) {
      return;
    }
    inFlight = queue.poll();
    ByteBuf request = inFlight.request;
    inFlight.request = null;
    channel.writeAndFlush(request, channel.voidPromise());
    inFlight.exchange.written();
  }

  private void failAll(Throwable error) {
    if (inFlight != null) {
      Pending failed = inFlight;
      inFlight = null;
      failed.fail(error);
    }
    for (Pending failed = queue.poll(); failed != null; failed = queue.poll()) {
      failed.fail(error);
    }
  }

  private void answered(FullHttpResponse response) {
    long arrived = System.nanoTime();
    Pending answered = inFlight;
    inFlight = null;
    if (answered == null) {
      return;
    }
    if (!HttpUtil.isKeepAlive(response)) {
      channel.close();
    }
    answered.exchange.answered(response, arrived);
    if (channel != null && channel.isActive()) {
      writeNext();
    }
  }

  private void inactive() {
    channel = null;
    if (inFlight != null) {
      Pending lost = inFlight;
      inFlight = null;
      lost.fail(closeCause != null ? closeCause : new IOException("the server closed the connection"));
    }
    if (!queue.isEmpty() && !closed) {
      connect();
    }
  }

  /** A request not yet answered: its bytes until written, and who hears the outcome. */
  private static final class Pending {
    ByteBuf request;
    final Exchange exchange;

    Pending(ByteBuf request, Exchange exchange) {
      this.request = request;
      this.exchange = exchange;
    }

    void fail(Throwable error) {
      if (request != null) {
        ReferenceCountUtil.release(request);
        request = null;
      }
      exchange.failed(error);
    }
  }

  private final class Responses extends SimpleChannelInboundHandler<FullHttpResponse> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      answered(response);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof IdleStateEvent && inFlight != null) {
        closeCause = new TimeoutException("no response within " + RESPONSE_TIMEOUT.toSeconds() + " s");
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeCause = cause;
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() == channel) {
        inactive();
      }
    }
  }
}
