package dev.perch.api.http;

import dev.perch.model.UserId;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** The authenticated user making a request: the {@code sub} of its verified token. */
public final class Caller {

  private Caller() {}

  public static Mono<UserId> of(ServerRequest request) {
    return request.principal().map(principal -> UserId.of(principal.getName()));
  }
}
