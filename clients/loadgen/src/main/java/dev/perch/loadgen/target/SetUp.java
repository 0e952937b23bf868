package dev.perch.loadgen.target;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a set-up step (not measured) on the calling thread, bounded. */
final class SetUp {

  private SetUp() {}

  /**
   * The outcome of {@code step}, waited for at most {@code limit}.
   *
   * @throws IllegalStateException naming {@code what} when it failed, took longer or was interrupted
   */
  static <T> T await(CompletableFuture<T> step, Duration limit, String what) {
    try {
      return step.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " got no answer in " + limit.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + what, e);
    }
  }
}
