package dev.perch.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request headers do not arrive whole within a deadline of the
 * request's first byte, however slowly they trickle. Reactor Netty's idle timeout counts from when
 * a connection starts waiting for a request, so alone it would give a trickling request head as
 * long as an idle keep-alive connection (75 s by default); this deadline is the head's own, shorter
 * one (10 s by default). One per connection,
 * in two parts: {@link #bytes()} before the HTTP codec notices a request's first bytes and starts
 * the deadline; {@link #requests()} after it stops the deadline when the decoded headers arrive,
 * and arms it again for the next request once this one's body is complete. A request whose
 * headers are in, a parked poll among them, is never cut by it. Both parts run on the connection's
 * event loop.
 */
final class HeaderDeadline {

  private static final Logger log = LoggerFactory.getLogger(HeaderDeadline.class);

  private final long timeoutMillis;
  private boolean awaitingHeaders = true;
  private ScheduledFuture<?> deadline;

  HeaderDeadline(Duration timeout) {
    this.timeoutMillis = timeout.toMillis();
  }

  ChannelHandler bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingHeaders && deadline == null && msg instanceof ByteBuf) {
          deadline = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
      }
    };
  }

  ChannelHandler requests() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
          awaitingHeaders = false;
          stop();
        }
        if (msg instanceof LastHttpContent) {
          awaitingHeaders = true;
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  private void expire(ChannelHandlerContext ctx) {
    deadline = null;
    log.debug("{}: request headers not complete within {} ms; closing", ctx.channel(), timeoutMillis);
    ctx.close();
  }

  private void stop() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
