package dev.perch.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Runs a repeatable call again after each failure {@link RetryPolicy} retries, waiting its delay
 * first, for as long as a budget allows; then fails with the last failure. Each subscription starts
 * a fresh budget and backoff.
 */
final class Retrying {

  private final RetryPolicy policy;

  Retrying(RetryPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param budget how long after subscription a retry may still start (a wait that would end later
   *     is not begun); {@code null}: retry as long as the subscriber stays
   */
  <T> Mono<T> retried(Mono<T> call, Duration budget) {
    return Mono.defer(() -> {
      long deadline = budget == null ? 0 : System.nanoTime() + budget.toNanos();
      return call.retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
        Throwable failure = signal.failure();
        if (!(failure instanceof PerchException) || !RetryPolicy.retryable((PerchException) failure)) {
          return Mono.error(failure);
        }
        Duration wait = policy.delay((PerchException) failure, (int) Math.min(signal.totalRetries(), 62),
            ThreadLocalRandom.current().nextDouble());
        if (budget != null && System.nanoTime() + wait.toNanos() - deadline > 0) {
          return Mono.error(failure);
        }
        return Mono.delay(wait);
      })));
    });
  }
}
