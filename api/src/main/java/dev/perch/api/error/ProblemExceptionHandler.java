package dev.perch.api.error;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * What stays on WebFlux (the actuator) answers its failures with the same problem+json as the
 * Netty routes, ahead of Spring Boot's own error handler (which would render its own shape).
 */
@Component
@Order(-2)
final class ProblemExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  private final ProblemJson problems;

  ProblemExceptionHandler(ProblemJson problems) {
    this.problems = problems;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(error);
    }
    Problem problem = error instanceof ResponseStatusException status && status.getStatusCode().value() == 404
        ? Problem.notFound()
        : Problem.of(error);
    if (problem.isBug()) {
      log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
    }
    response.setStatusCode(HttpStatus.valueOf(problem.status().code()));
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.retryAfter() != null) {
      response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
    }
    ByteBuf body = problems.render(ByteBufAllocator.DEFAULT, problem, exchange.getRequest().getPath().value());
    return response.writeWith(Mono.just(new NettyDataBufferFactory(ByteBufAllocator.DEFAULT).wrap(body)));
  }
}
