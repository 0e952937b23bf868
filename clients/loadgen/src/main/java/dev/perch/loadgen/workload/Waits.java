package dev.perch.loadgen.workload;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded waits for the generator's driving thread (never an I/O thread). */
final class Waits {

  private static final long CHECK_NANOS = Duration.ofMillis(5).toNanos();

  private Waits() {}

  /** Waits until {@code condition} holds or {@code timeout} passes; true if it holds. */
  static boolean until(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(CHECK_NANOS);
    }
    return true;
  }

  /** Pauses the driving thread for {@code pause}. */
  static void pause(Duration pause) {
    long deadline = System.nanoTime() + pause.toNanos();
    for (long left = pause.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
