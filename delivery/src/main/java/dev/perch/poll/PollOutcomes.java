package dev.perch.poll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.SignalType;

/**
 * {@code perch.polls.answered}, by how each poll ended: {@code data} (updates), {@code timeout}
 * (nothing by its deadline, {@code timeout=0} included), {@code shutdown}, {@code error},
 * {@code cancelled} (the client went). One counter increment per poll; thread-safe.
 */
final class PollOutcomes {

  private final Counter data;
  private final Counter timeout;
  private final Counter shutdown;
  private final Counter error;
  private final Counter cancelled;

  PollOutcomes(MeterRegistry registry) {
    data = counter(registry, "data");
    timeout = counter(registry, "timeout");
    shutdown = counter(registry, "shutdown");
    error = counter(registry, "error");
    cancelled = counter(registry, "cancelled");
  }

  private static Counter counter(MeterRegistry registry, String reason) {
    return Counter.builder("perch.polls.answered").tag("reason", reason)
        .description("Polls answered, by how they ended").register(registry);
  }

  void answered(Poll poll, boolean shuttingDown) {
    (!poll.updates().isEmpty() ? data : shuttingDown ? shutdown : timeout).increment();
  }

  /** Counts a poll that ended in an error or a cancel; an answer was counted by {@link #answered}. */
  void ended(SignalType signal) {
    if (signal == SignalType.ON_ERROR) {
      error.increment();
    } else if (signal == SignalType.CANCEL) {
      cancelled.increment();
    }
  }
}
