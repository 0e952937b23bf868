package dev.perch.loadgen.workload;

import dev.perch.loadgen.target.Acknowledgement;
import dev.perch.loadgen.target.Target;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntUnaryOperator;
import java.util.function.LongConsumer;

/**
 * Publishes messages {@code 0 .. count - 1} as fast as the server answers, with at most
 * {@code concurrency} outstanding, for the workloads that fill streams rather than pace sends.
 */
final class BoundedPublishing implements Acknowledgement {

  private final LongConsumer acknowledged;
  private final Semaphore outstanding;
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();

  private BoundedPublishing(LongConsumer acknowledged, int concurrency) {
    this.acknowledged = acknowledged;
    this.outstanding = new Semaphore(concurrency);
  }

  /**
   * Publishes message {@code i} (not timed) to {@code recipientOf(i)} for every {@code i} below
   * {@code count}, handing the id of each acknowledged one to {@code acknowledged}; returns once all were
   * answered or {@code limit} passed.
   */
  static BoundedPublishing run(Target target, int count, IntUnaryOperator recipientOf, int concurrency, Duration limit,
      LongConsumer acknowledged) {
    BoundedPublishing publishing = new BoundedPublishing(acknowledged, concurrency);
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      for (int i = 0; i < count; i++) {
        if (!publishing.outstanding.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          return publishing;
        }
        target.publish(recipientOf.applyAsInt(i), i, 0, publishing);
      }
      if (publishing.outstanding.tryAcquire(concurrency, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        publishing.outstanding.release(concurrency);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return publishing;
  }

  long errors() {
    return errors.sum();
  }

  /** The first failure as text, or empty. */
  String firstError() {
    Throwable error = firstError.get();
    return error == null ? "" : error.toString();
  }

  @Override
  public void acknowledged(int recipient, long id) {
    acknowledged.accept(id);
    outstanding.release();
  }

  @Override
  public void failed(int recipient, long id, Throwable error) {
    errors.increment();
    firstError.compareAndSet(null, error);
    outstanding.release();
  }
}
