package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TokensTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final AtomicInteger asked = new AtomicInteger();
  private final Tokens tokens = new Tokens(() -> Mono.fromSupplier(() -> "t" + asked.incrementAndGet()));

  @Test
  void theSourceIsAskedOnFirstUseAndTheTokenKept() {
    assertThat(asked).hasValue(0);
    StepVerifier.create(tokens.current()).expectNext("t1").expectComplete().verify(DEADLINE);
    StepVerifier.create(tokens.current()).expectNext("t1").expectComplete().verify(DEADLINE);
    assertThat(asked).hasValue(1);
  }

  @Test
  void requestsRefusedTogetherShareOneRefresh() {
    Mono<String> refused = tokens.current();
    StepVerifier.create(tokens.refreshAfter(refused)).expectNext("t1").expectComplete().verify(DEADLINE);
    StepVerifier.create(tokens.refreshAfter(refused)).expectNext("t1").expectComplete().verify(DEADLINE);
    Mono<String> again = tokens.current();
    StepVerifier.create(tokens.refreshAfter(again)).expectNext("t2").expectComplete().verify(DEADLINE);
    assertThat(asked).hasValue(2);
  }

  @Test
  void aFailingSourceIsAskedAgainByTheNextRequest() {
    AtomicInteger calls = new AtomicInteger();
    Tokens flaky = new Tokens(() -> calls.incrementAndGet() == 1
        ? Mono.error(new IllegalStateException("vault down"))
        : Mono.just("t"));
    StepVerifier.create(flaky.current()).expectErrorMessage("vault down").verify(DEADLINE);
    StepVerifier.create(flaky.current()).expectNext("t").expectComplete().verify(DEADLINE);
  }

  @Test
  void anEmptySourceFails() {
    StepVerifier.create(new Tokens(Mono::empty).current()).expectError(IllegalStateException.class).verify(DEADLINE);
  }
}
