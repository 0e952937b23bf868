package dev.perch.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The connections of one client and the clients derived from it: Reactor Netty's HTTP client on
 * event loops and a connection pool of its own. One attempt of a request goes to the current node;
 * no answer, or a 5xx, moves the client on to the next node ({@link Nodes}). Reactor Netty's own
 * retry of a request on a stale connection is off, so {@link RetryPolicy} sees every attempt.
 * Thread-safe.
 */
final class Transport {

  /** Under the server's 75 s idle cut, so a pooled connection is not reused just as the server closes it. */
  private static final Duration POOLED_IDLE = Duration.ofSeconds(60);
  private static final byte[] NO_BODY = new byte[0];

  private final Nodes nodes;
  private final LoopResources loops;
  private final ConnectionProvider pool;
  private final HttpClient http;

  Transport(Nodes nodes, int eventLoopThreads, int maxConnections, Duration connectTimeout) {
    this.nodes = nodes;
    this.loops = LoopResources.create("perch-client", eventLoopThreads, true);
    this.pool = ConnectionProvider.builder("perch-client")
        .maxConnections(maxConnections)
        .pendingAcquireTimeout(connectTimeout)
        .maxIdleTime(POOLED_IDLE)
        .build();
    this.http = HttpClient.create(pool)
        .runOn(loops)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
        .disableRetry(true);
  }

  /**
   * One attempt of {@code request} with {@code token}: its answer, whatever the status, or a
   * {@link PerchException} with status 0 when none came within the request's timeout. Cancelling
   * it closes its connection, which the server sees as the client going away.
   */
  Mono<Answer> exchange(Request request, String token) {
    return Mono.defer(() -> {
      String base = nodes.current();
      HttpClient.RequestSender sender = http
          .headers(headers -> {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
            headers.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
            if (request.body() != null) {
              headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            }
          })
          .request(request.method())
          .uri(base + request.pathAndQuery());
      HttpClient.ResponseReceiver<?> receiver = request.body() == null
          ? sender
          : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(request.body())));
      return receiver
          .responseSingle((response, content) -> content.asByteArray()
              .defaultIfEmpty(NO_BODY)
              .map(body -> new Answer(response.status().code(),
                  response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER), body)))
          .timeout(request.timeout())
          .onErrorMap(error -> PerchException.transport(base, error))
          .doOnNext(answer -> {
            if (RetryPolicy.movesNode(answer.status())) {
              nodes.failed(base);
            }
          })
          .doOnError(error -> nodes.failed(base));
    });
  }

  /** Closes every connection and stops the event loops (at once: with the pool closed no work is left for them). */
  Mono<Void> close(Duration timeout) {
    return pool.disposeLater().then(loops.disposeLater(Duration.ZERO, timeout));
  }
}
