package dev.perch.api;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * An HTTP proxy on a loopback port in front of one Perch node, which fails the requests it is told
 * to: the next requests whose path starts with a prefix take the queued {@link Fault}s in turn, and
 * {@link #goDown} makes it a node that died (every request in flight cut, every new one too).
 * Records what it was asked, so a test sees each attempt a client made.
 */
final class FaultProxy implements AutoCloseable {

  /** What the proxy does to one request instead of passing it through. */
  enum Fault {
    /** Answers 503 {@code store_unavailable} with {@code Retry-After: 1}, as a node whose store is down. */
    STORE_UNAVAILABLE,
    /** Answers 502 with an HTML page, as a proxy whose upstream failed. */
    BAD_GATEWAY,
    /** Closes the connection without forwarding the request. */
    CUT_BEFORE,
    /** Forwards the request, and closes the connection instead of passing the answer on: the answer is lost. */
    CUT_AFTER
  }

  /** One request the proxy was asked. */
  record Seen(String method, String uri, String body) {}

  private final String upstream;
  private final ConnectionProvider pool = ConnectionProvider.builder("fault-proxy").maxConnections(100).build();
  private final HttpClient client = HttpClient.create(pool).disableRetry(true);
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Queue<PlannedFault> faults = new ConcurrentLinkedQueue<>();
  private final Set<Connection> inFlight = ConcurrentHashMap.newKeySet();
  private final DisposableServer server;
  private volatile boolean down;

  private record PlannedFault(String pathPrefix, Fault fault) {}

  FaultProxy(String upstream) {
    this.upstream = upstream;
    this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow(Duration.ofSeconds(10));
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The next requests whose path starts with {@code pathPrefix} meet these faults, one each, in order. */
  void fail(String pathPrefix, Fault... next) {
    for (Fault fault : next) {
      faults.add(new PlannedFault(pathPrefix, fault));
    }
  }

  /** The requests seen so far whose path starts with {@code pathPrefix}. */
  List<Seen> seen(String pathPrefix) {
    return seen.stream().filter(s -> s.uri().startsWith(pathPrefix)).toList();
  }

  /** Requests being forwarded now. */
  int inFlight() {
    return inFlight.size();
  }

  /** From now on the node behind it is gone: requests in flight are cut, new ones too. */
  void goDown() {
    down = true;
    inFlight.forEach(Connection::dispose);
  }

  private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
      seen.add(new Seen(request.method().name(), request.uri(), body));
      if (down) {
        return cut(response);
      }
      Fault fault = takeFault(request.uri());
      if (fault == null) {
        return forward(request, response, body, false);
      }
      switch (fault) {
        case STORE_UNAVAILABLE:
          return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
              .header(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
              .header(HttpHeaderNames.RETRY_AFTER, "1")
              .sendString(Mono.just("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                  + "\"detail\":\"injected\",\"code\":\"store_unavailable\"}"))
              .then();
        case BAD_GATEWAY:
          return response.status(HttpResponseStatus.BAD_GATEWAY)
              .header(HttpHeaderNames.CONTENT_TYPE, "text/html")
              .sendString(Mono.just("<html><body><h1>502 Bad Gateway</h1></body></html>"))
              .then();
        case CUT_BEFORE:
          return cut(response);
        default:
          return forward(request, response, body, true);
      }
    });
  }

  private Fault takeFault(String uri) {
    for (PlannedFault planned : faults) {
      if (uri.startsWith(planned.pathPrefix()) && faults.remove(planned)) {
        return planned.fault();
      }
    }
    return null;
  }

  private Mono<Void> forward(HttpServerRequest request, HttpServerResponse response, String body, boolean loseAnswer) {
    Connection[] connection = new Connection[1];
    response.withConnection(c -> {
      connection[0] = c;
      inFlight.add(c);
    });
    HttpClient.RequestSender sender = client
        .headers(headers -> {
          for (AsciiString name : List.of(HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.CONTENT_TYPE)) {
            String value = request.requestHeaders().get(name);
            if (value != null) {
              headers.set(name, value);
            }
          }
        })
        .request(request.method())
        .uri(upstream + request.uri());
    HttpClient.ResponseReceiver<?> receiver = request.method().equals(HttpMethod.GET)
        ? sender
        : sender.send(Mono.fromSupplier(() -> Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)));
    return receiver
        .responseSingle((answer, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(text -> {
          if (loseAnswer || down) {
            return cut(response);
          }
          HttpServerResponse out = response.status(answer.status());
          for (AsciiString name : List.of(HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.RETRY_AFTER)) {
            String value = answer.responseHeaders().get(name);
            if (value != null) {
              out.header(name, value);
            }
          }
          return out.sendString(Mono.just(text)).then();
        }))
        .then()
        .doFinally(signal -> inFlight.remove(connection[0]));
  }

  private static Mono<Void> cut(HttpServerResponse response) {
    response.withConnection(Connection::dispose);
    return Mono.empty();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
    pool.disposeLater().block(Duration.ofSeconds(5));
  }
}
