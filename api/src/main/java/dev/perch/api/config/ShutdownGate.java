package dev.perch.api.config;

import dev.perch.api.error.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Once the application starts stopping, answers every new request 503 {@code shutting_down} with
 * {@code Connection: close} before it touches a store. Without it, a send arriving on a kept-alive
 * connection during the graceful shutdown could be stored and then lose its connection unanswered;
 * refused, the client simply retries on another node. Requests already running finish normally.
 */
final class ShutdownGate implements WebFilter, Ordered {

  private final ProblemWriter problems;
  private volatile boolean closed;

  ShutdownGate(ProblemWriter problems) {
    this.problems = problems;
  }

  void open() {
    closed = false;
  }

  void close() {
    closed = true;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!closed) {
      return chain.filter(exchange);
    }
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set(HttpHeaders.CONNECTION, "close");
    headers.set(HttpHeaders.RETRY_AFTER, "1");
    return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "shutting_down",
        "This node is shutting down; retry on another.");
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
