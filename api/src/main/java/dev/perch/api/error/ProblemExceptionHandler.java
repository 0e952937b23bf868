package dev.perch.api.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every failure that reaches the web layer into problem+json, ahead of Spring Boot's own
 * error handler (which would render its own shape). Unexpected failures are logged here with their
 * stack trace and answered 500 with a generic detail.
 */
@Component
@Order(-2)
final class ProblemExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  private final ProblemWriter writer;

  ProblemExceptionHandler(ProblemWriter writer) {
    this.writer = writer;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    Problem problem = Problem.of(error);
    if (problem.status() == HttpStatus.INTERNAL_SERVER_ERROR) {
      log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
    }
    if (problem.retryAfter() != null) {
      exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
          Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
    }
    return writer.write(exchange, problem.status(), problem.code(), problem.detail());
  }
}
