package dev.perch.loadgen.target;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What a group of pollers did: requests written, answers read, failures. Thread-safe. */
public final class PollStats {

  private final LongAdder sent = new LongAdder();
  private final LongAdder answers = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();

  /** Poll requests written to their connections. */
  public long sent() {
    return sent.sum();
  }

  /** Poll answers read. */
  public long answers() {
    return answers.sum();
  }

  /** Polls that failed and were retried. */
  public long errors() {
    return errors.sum();
  }

  /** The first poll failure, or null. */
  public Throwable firstError() {
    return firstError.get();
  }

  void countSent() {
    sent.increment();
  }

  void countAnswer() {
    answers.increment();
  }

  void countError(Throwable error) {
    errors.increment();
    firstError.compareAndSet(null, error);
  }
}
