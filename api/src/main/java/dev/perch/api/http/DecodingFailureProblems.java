package dev.perch.api.http;

import dev.perch.api.error.Problem;
import dev.perch.api.error.ProblemJson;
import dev.perch.api.error.RequestRefused;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the answers Reactor Netty writes itself, for requests its decoder could not read (a
 * request line longer than the limit: 414; headers over the limit: 431; anything else malformed:
 * 400; each with an empty body and {@code Connection: close}), the same problem+json body as every
 * other error, with codes {@code uri_too_long}, {@code headers_too_large} and
 * {@code malformed_request}. Perch's own answers always carry a {@code Content-Type}, so they
 * pass untouched. Sharable: it keeps no state.
 */
@ChannelHandler.Sharable
final class DecodingFailureProblems extends ChannelOutboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(DecodingFailureProblems.class);

  private final ProblemJson problems;

  DecodingFailureProblems(ProblemJson problems) {
    this.problems = problems;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof FullHttpResponse response && isDecoderAnswer(response)) {
      log.debug("{}: request not decodable, answered {}", ctx.channel(), response.status().code());
      ByteBuf body = problems.render(ctx.alloc(), problemFor(response.status()), null);
      FullHttpResponse replaced = response.replace(body);
      response.release();
      replaced.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, ProblemJson.MEDIA_TYPE)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
      ctx.write(replaced, promise);
      return;
    }
    ctx.write(msg, promise);
  }

  private static boolean isDecoderAnswer(FullHttpResponse response) {
    int status = response.status().code();
    return (status == 400 || status == 414 || status == 431)
        && !response.content().isReadable()
        && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
  }

  private static Problem problemFor(HttpResponseStatus status) {
    if (status.code() == 414) {
      return Problem.of(RequestRefused.of(status, "uri_too_long", "The request line is longer than the server takes."));
    }
    if (status.code() == 431) {
      return Problem.of(RequestRefused.of(status, "headers_too_large", "The request headers are larger than the server takes."));
    }
    return Problem.of(RequestRefused.of(status, "malformed_request", "The request is not well-formed HTTP/1.1."));
  }
}
