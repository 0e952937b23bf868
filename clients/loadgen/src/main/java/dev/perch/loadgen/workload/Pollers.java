package dev.perch.loadgen.workload;

import dev.perch.loadgen.target.PollStats;
import dev.perch.loadgen.target.Poller;
import dev.perch.loadgen.target.Receiver;
import dev.perch.loadgen.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One long-poll loop per recipient, each on a keep-alive connection of its own and carrying its
 * own resume point, handing every message to a {@link Receiver}, until {@link #close closed}.
 */
final class Pollers implements AutoCloseable {

  private final List<Poller> loops = new ArrayList<>();
  private final PollStats stats = new PollStats();

  /** Starts one recipient's loop, counting in {@code stats}. */
  @FunctionalInterface
  interface Start {
    Poller poll(int recipient, PollStats stats);
  }

  /** Starts polling recipients {@code first .. first + count - 1}; each sends its first poll at once. */
  Pollers(Target target, int first, int count, Duration pollTimeout, Receiver receiver) {
    this(first, count, (recipient, stats) -> target.poll(recipient, pollTimeout, receiver, stats));
  }

  /** Starts {@code start} for recipients {@code first .. first + count - 1}. */
  Pollers(int first, int count, Start start) {
    for (int i = 0; i < count; i++) {
      loops.add(start.poll(first + i, stats));
    }
  }

  /** Poll requests sent so far. */
  long sent() {
    return stats.sent();
  }

  long answers() {
    return stats.answers();
  }

  long errors() {
    return stats.errors();
  }

  /** The first poll failure, or null. */
  Throwable firstError() {
    return stats.firstError();
  }

  /** Stops every loop and closes its connection. */
  @Override
  public void close() {
    loops.forEach(Poller::close);
  }
}
