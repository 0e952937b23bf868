package dev.perch.api.http;

import dev.perch.api.auth.BearerAuth;
import dev.perch.api.error.Problem;
import dev.perch.api.error.ProblemJson;
import dev.perch.cluster.Membership;
import dev.perch.model.UserId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.io.OutputStream;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where every Perch API request enters, on its connection's event loop: the shutdown gate, then
 * {@link RequestSanity}, then the one bearer-token check (so an unknown path without a token is
 * 401, not 404; skipped only for a path the {@link RouteTable} has as public), then the route table,
 * then the route's handler. Every answer to an authenticated request names the node that owns its
 * caller on the ring of live nodes ({@code X-Perch-Node}), so clients and proxies can stick to it.
 * Its reply is written as JSON straight into a response buffer (a {@link CacheableBody} as its
 * bytes); any failure becomes problem+json through {@link Problem},
 * the one mapping from failures to HTTP. A client's mistake is logged at DEBUG in one line; only
 * a Perch bug (500) is logged at ERROR, with its stack trace.
 */
public final class HttpEntry implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

  private static final Logger log = LoggerFactory.getLogger(HttpEntry.class);
  private static final AsciiString JSON = AsciiString.cached("application/json");
  private static final AsciiString NO_STORE = AsciiString.cached("no-store");
  private static final AsciiString NO_CACHE = AsciiString.cached("no-cache");
  private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
  private static final AsciiString CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
  /** Asks nginx not to buffer a stream (it passes each chunk on as it comes). */
  private static final AsciiString ACCEL_BUFFERING = AsciiString.cached("x-accel-buffering");
  private static final AsciiString NO = AsciiString.cached("no");
  private static final AsciiString NODE = AsciiString.cached("x-perch-node");

  private final ShutdownGate gate;
  private final BearerAuth auth;
  private final RouteTable routes;
  private final JsonBody bodies;
  private final JsonMapper json;
  private final ProblemJson problems;
  private final Membership membership;

  public HttpEntry(
      ShutdownGate gate, BearerAuth auth, RouteTable routes, JsonBody bodies, JsonMapper json, ProblemJson problems,
      Membership membership) {
    this.gate = gate;
    this.auth = auth;
    this.routes = routes;
    this.bodies = bodies;
    this.json = json;
    this.problems = problems;
    this.membership = membership;
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
    String path = null;
    Mono<Reply> reply;
    try {
      gate.check();
      path = RequestSanity.check(request.version(), request.uri(), request.requestHeaders());
      UserId caller = routes.needsToken(path) ? authenticate(request, response) : null;
      RouteTable.Match match = routes.resolve(request.method(), path);
      reply = match.handler().handle(new Exchange(request, caller, match.variables(), bodies));
    } catch (RuntimeException refused) {
      reply = Mono.error(refused);
    }
    String instance = path;
    return reply
        .flatMap(answer -> write(response, answer))
        .onErrorResume(error -> writeProblem(request, response, instance, error));
  }

  /** The caller of the request's bearer token, named with its owner node on the answer. */
  private UserId authenticate(HttpServerRequest request, HttpServerResponse response) {
    UserId caller = auth.authenticate(request.requestHeaders());
    response.header(NODE, Integer.toString(membership.ring().owner(caller.value())));
    return caller;
  }

  private Mono<Void> write(HttpServerResponse response, Reply reply) {
    if (reply.body() instanceof EventStream stream) {
      return writeStream(response, stream);
    }
    if (reply.body() instanceof CacheableBody cacheable) {
      return writeCacheable(response, reply.status(), cacheable);
    }
    ByteBuf body = response.alloc().buffer(512);
    try {
      json.writeValue((OutputStream) new ByteBufOutputStream(body), reply.body());
    } catch (RuntimeException e) {
      body.release();
      return Mono.error(e);
    }
    response.status(reply.status());
    response.header(HttpHeaderNames.CONTENT_TYPE, JSON);
    if (reply.location() != null) {
      response.header(HttpHeaderNames.LOCATION, reply.location());
    }
    return send(response, Mono.just(body));
  }

  /** Its bytes with its tag, to be kept and revalidated; a 304 carries the tag alone. */
  private static Mono<Void> writeCacheable(HttpServerResponse response, HttpResponseStatus status, CacheableBody body) {
    response.status(status);
    response.header(HttpHeaderNames.ETAG, body.etag());
    if (status.code() == HttpResponseStatus.NOT_MODIFIED.code()) {
      return send(response, Mono.empty(), NO_CACHE);
    }
    response.header(HttpHeaderNames.CONTENT_TYPE, body.mediaType());
    return send(response, Mono.just(Unpooled.wrappedBuffer(body.bytes())), NO_CACHE);
  }

  /** Headers at once, then each batch of events as its own flushed chunk, until the stream ends. */
  private Mono<Void> writeStream(HttpServerResponse response, EventStream stream) {
    response.status(HttpResponseStatus.OK);
    response.header(HttpHeaderNames.CONTENT_TYPE, stream.format().mediaType());
    response.header(ACCEL_BUFFERING, NO);
    return send(response, stream.encode(response.alloc(), json));
  }

  private Mono<Void> writeProblem(HttpServerRequest request, HttpServerResponse response, String path, Throwable error) {
    Problem problem = Problem.of(error);
    if (problem.isBug()) {
      log.error("{} {} failed", request.method(), path, error);
    } else {
      log.debug("{} {} refused: {} {}", request.method(), path, problem.status().code(), problem.code());
    }
    if (response.hasSentHeaders()) {
      return Mono.empty();
    }
    response.status(problem.status());
    response.header(HttpHeaderNames.CONTENT_TYPE, ProblemJson.MEDIA_TYPE);
    if (problem.retryAfter() != null) {
      response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
    }
    if (problem.allow() != null) {
      response.header(HttpHeaderNames.ALLOW, problem.allow());
    }
    if (problem.closeConnection()) {
      response.keepAlive(false);
      response.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return send(response, Mono.just(problems.render(response.alloc(), problem, path)));
  }

  private static Mono<Void> send(HttpServerResponse response, Publisher<ByteBuf> body) {
    return send(response, body, NO_STORE);
  }

  private static Mono<Void> send(HttpServerResponse response, Publisher<ByteBuf> body, AsciiString cacheControl) {
    response.header(HttpHeaderNames.CACHE_CONTROL, cacheControl);
    response.header(CONTENT_TYPE_OPTIONS, NOSNIFF);
    return response.send(body).then();
  }
}
