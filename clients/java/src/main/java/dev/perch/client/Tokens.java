package dev.perch.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The bearer token of one user: asked of its source on first use and kept, asked again only after
 * the server refused it (401). Requests that were refused together share one refresh. A source that
 * fails or is empty fails the requests waiting for it, and is asked again by the next one.
 */
final class Tokens {

  private final Supplier<Mono<String>> source;
  private final AtomicReference<Mono<String>> current;

  Tokens(Supplier<Mono<String>> source) {
    this.source = source;
    this.current = new AtomicReference<>(fetch());
  }

  /** The token to use now. */
  Mono<String> current() {
    return current.get();
  }

  /** A new token after {@code refused} was refused; the one another refresh got, if it came first. */
  Mono<String> refreshAfter(Mono<String> refused) {
    current.compareAndSet(refused, fetch());
    return current.get();
  }

  private Mono<String> fetch() {
    return Mono.defer(source)
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the token source gave no token")))
        .cache(token -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO, () -> Duration.ZERO);
  }
}
