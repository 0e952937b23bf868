package dev.perch.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's two deadlines outside a running request: an idle keep-alive connection (none of
 * the next request yet) is closed {@code idleTimeout} after its last answer was written, or after
 * it connected; a request head is closed {@code headerTimeout} after its first byte if its headers
 * are not all in, however slowly they trickle. A request whose headers are in, a parked poll among
 * them, is never cut by either (its body has Reactor Netty's request timeout).
 *
 * <p>Cheap per request: the events only note times. One timer per connection, never further out
 * than {@code headerTimeout}, checks the deadline that applies when it fires, then closes the
 * connection or sets itself for what remains; while a request runs it lapses, and the next idle
 * spell or head starts it again. A head that starts while the timer is pending is caught by it in
 * time, because the timer is never further out than a head's deadline.
 *
 * <p>One per connection, in two parts: {@link #bytes()} before the HTTP codec sees a head's first
 * bytes; {@link #messages()} after it sees the decoded request start and end and the answer's end.
 * Both run on the connection's event loop.
 */
final class ConnectionDeadlines {

  private static final Logger log = LoggerFactory.getLogger(ConnectionDeadlines.class);
  private static final long NONE = Long.MIN_VALUE;

  private final long idleNanos;
  private final long headerNanos;
  private boolean awaitingHeaders = true;
  private long headStartedAt = NONE;
  private long idleSince = NONE;
  private ScheduledFuture<?> timer;

  ConnectionDeadlines(Duration idleTimeout, Duration headerTimeout) {
    this.idleNanos = idleTimeout.toNanos();
    this.headerNanos = headerTimeout.toNanos();
  }

  ChannelHandler bytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
          connected(ctx);
        }
      }

      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        connected(ctx);
        ctx.fireChannelActive();
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingHeaders && headStartedAt == NONE && msg instanceof ByteBuf) {
          headStartedAt = System.nanoTime();
          arm(ctx);
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
          timer.cancel(false);
          timer = null;
        }
        ctx.fireChannelInactive();
      }
    };
  }

  ChannelHandler messages() {
    return new ChannelDuplexHandler() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
          awaitingHeaders = false;
          headStartedAt = NONE;
          idleSince = NONE;
        }
        if (msg instanceof LastHttpContent) {
          awaitingHeaders = true;
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
          idleSince = System.nanoTime();
          arm(ctx);
        }
        ctx.write(msg, promise);
      }
    };
  }

  private void connected(ChannelHandlerContext ctx) {
    if (idleSince == NONE && headStartedAt == NONE) {
      idleSince = System.nanoTime();
      arm(ctx);
    }
  }

  private void arm(ChannelHandlerContext ctx) {
    if (timer == null) {
      timer = ctx.executor().schedule(() -> check(ctx), headerNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void check(ChannelHandlerContext ctx) {
    timer = null;
    long now = System.nanoTime();
    long due;
    if (headStartedAt != NONE) {
      due = headStartedAt + headerNanos;
    } else if (idleSince != NONE) {
      due = idleSince + idleNanos;
    } else {
      return;
    }
    long remaining = due - now;
    if (remaining <= 0) {
      log.debug("{}: {}; closing", ctx.channel(),
          headStartedAt != NONE ? "request headers not complete in time" : "idle for the keep-alive timeout");
      ctx.close();
    } else {
      timer = ctx.executor().schedule(() -> check(ctx), Math.min(remaining, headerNanos), TimeUnit.NANOSECONDS);
    }
  }
}
