package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RetryingTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Retrying retrying = new Retrying(new RetryPolicy(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)),
      Duration.ofSeconds(1)));
  private final AtomicInteger attempts = new AtomicInteger();

  @Test
  void aRetryableFailureIsRetriedUntilTheCallSucceeds() {
    Mono<String> call = Mono.defer(() -> attempts.incrementAndGet() < 3 ? Mono.error(failure(503)) : Mono.just("ok"));

    StepVerifier.create(retrying.retried(call, DEADLINE)).expectNext("ok").expectComplete().verify(DEADLINE);
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aRefusalFailsAtOnce() {
    Mono<String> call = Mono.defer(() -> {
      attempts.incrementAndGet();
      return Mono.error(failure(400));
    });

    StepVerifier.create(retrying.retried(call, DEADLINE))
        .expectErrorSatisfies(e -> assertThat(((PerchException) e).status()).isEqualTo(400))
        .verify(DEADLINE);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void retriesStopWithTheLastFailureOnceTheBudgetIsSpent() {
    Mono<String> call = Mono.defer(() -> Mono.error(failure(500 + attempts.incrementAndGet())));

    StepVerifier.create(retrying.retried(call, Duration.ofMillis(100)))
        .expectErrorSatisfies(e -> assertThat(((PerchException) e).status()).isEqualTo(500 + attempts.get()))
        .verify(DEADLINE);
    assertThat(attempts.get()).isGreaterThan(2);
  }

  @Test
  void eachSubscriptionHasItsOwnBudget() {
    Mono<String> call = Mono.defer(() -> attempts.incrementAndGet() % 2 == 1 ? Mono.error(failure(503)) : Mono.just("ok"));
    Mono<String> retried = retrying.retried(call, Duration.ofMillis(200));

    StepVerifier.create(retried).expectNext("ok").expectComplete().verify(DEADLINE);
    StepVerifier.create(retried).expectNext("ok").expectComplete().verify(DEADLINE);
    assertThat(attempts).hasValue(4);
  }

  private static PerchException failure(int status) {
    return new PerchException(status, "x", "x", null, null);
  }
}
