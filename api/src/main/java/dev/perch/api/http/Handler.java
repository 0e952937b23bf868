package dev.perch.api.http;

import reactor.core.publisher.Mono;

/** Serves one route: from an authenticated exchange to its reply (or a Perch failure). */
@FunctionalInterface
public interface Handler {

  Mono<Reply> handle(Exchange exchange);
}
