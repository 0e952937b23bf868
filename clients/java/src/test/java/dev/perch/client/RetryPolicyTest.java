package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)),
      Duration.ofSeconds(30));

  @Test
  void noAnswerTimeoutsRateLimitsAndServerErrorsAreRetried() {
    assertThat(RetryPolicy.retryable(PerchException.transport("http://n", new IOException("reset")))).isTrue();
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
      assertThat(RetryPolicy.retryable(failure(status, null))).as("%d", status).isTrue();
    }
  }

  @Test
  void otherRefusalsAreNot() {
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415}) {
      assertThat(RetryPolicy.retryable(failure(status, null))).as("%d", status).isFalse();
    }
  }

  @Test
  void onlyNoAnswerAndServerErrorsMoveToAnotherNode() {
    assertThat(RetryPolicy.movesNode(0)).isTrue();
    assertThat(RetryPolicy.movesNode(503)).isTrue();
    assertThat(RetryPolicy.movesNode(502)).isTrue();
    assertThat(RetryPolicy.movesNode(429)).isFalse();
    assertThat(RetryPolicy.movesNode(200)).isFalse();
  }

  @Test
  void aRetryAfterLongerThanTheBackoffIsWaitedAndCapped() {
    assertThat(policy.delay(failure(503, Duration.ofSeconds(2)), 0, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delay(failure(429, Duration.ofMinutes(5)), 0, 0.5)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delay(failure(503, Duration.ZERO), 3, 0)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delay(failure(503, null), 3, 0)).isEqualTo(Duration.ofMillis(400));
  }

  private static PerchException failure(int status, Duration retryAfter) {
    return new PerchException(status, "x", "x", retryAfter, null);
  }
}
