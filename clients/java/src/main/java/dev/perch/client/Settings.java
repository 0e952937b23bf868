package dev.perch.client;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** What {@link PerchClient.Builder} collected, checked; immutable. */
record Settings(
    List<String> baseUrls,
    Supplier<Mono<String>> tokens,
    Duration pollTimeout,
    int pollLimit,
    Duration requestTimeout,
    Duration connectTimeout,
    Duration retryFor,
    Backoff backoff,
    Duration longestRetryAfter,
    int maxConnections,
    int eventLoopThreads) {

  Settings {
    baseUrls = List.copyOf(baseUrls);
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("a base URL is required");
    }
    if (tokens == null) {
      throw new IllegalArgumentException("a token (or a token source) is required");
    }
    checkPollTimeout(pollTimeout);
    if (pollLimit < 1 || pollLimit > 500) {
      throw new IllegalArgumentException("the poll limit is 1 to 500: " + pollLimit);
    }
    positive("request timeout", requestTimeout);
    positive("connect timeout", connectTimeout);
    positive("retry budget", retryFor);
    positive("longest Retry-After", longestRetryAfter);
    if (maxConnections < 1 || eventLoopThreads < 1) {
      throw new IllegalArgumentException("at least one connection and one event-loop thread");
    }
  }

  /** How long one poll may wait for its answer: its timeout, and then a request's. */
  Duration pollAnswerTimeout() {
    return pollTimeout.plus(requestTimeout);
  }

  /** @throws IllegalArgumentException unless {@code timeout} is whole seconds, 0 to 60, as the API takes */
  static void checkPollTimeout(Duration timeout) {
    long seconds = timeout.toSeconds();
    if (timeout.isNegative() || seconds > 60 || !timeout.equals(Duration.ofSeconds(seconds))) {
      throw new IllegalArgumentException("a poll timeout is whole seconds, 0 to 60: " + timeout);
    }
  }

  private static void positive(String what, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("the " + what + " must be positive: " + value);
    }
  }
}
