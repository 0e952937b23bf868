package dev.perch.loadgen.workload;

import dev.perch.loadgen.target.Receiver;
import dev.perch.loadgen.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A child process's share of the parked workload: long-polls {@code count} recipients, each poll
 * sent again as soon as it is answered; reports {@code PARKED <sent>} once every first poll was
 * sent, then {@code ROUND <r> <reached> <lastArrivalEpochMillis>} once every recipient received
 * its {@code r}-th message (or at its time limit), for rounds 1 to {@code rounds}, then
 * {@code DONE <woken> <errors> <lastArrivalEpochMillis> <answers>}; it stops early when its parent
 * goes away (standard input closes). See {@link ParkedRun}.
 */
public final class ParkedChild {

  static final String PARKED = "PARKED";
  static final String ROUND = "ROUND";
  static final String DONE = "DONE";

  private ParkedChild() {}

  /** Runs the share for {@code rounds} wakes and reports on {@code out}; returns when done. */
  public static void run(Target target, int firstRecipient, int count, int rounds, Duration pollTimeout, Duration limit,
      InputStream parent, PrintStream out) {
    AtomicIntegerArray received = new AtomicIntegerArray(count);
    LongAdder[] reached = new LongAdder[rounds + 1];
    Arrays.setAll(reached, r -> new LongAdder());
    AtomicLongArray lastArrival = new AtomicLongArray(rounds + 1);
    AtomicBoolean orphaned = watch(parent);
    Receiver onMessage = (recipient, text, major, minor, arrivedNanos) -> {
      int round = received.incrementAndGet(recipient - firstRecipient);
      if (round <= rounds) {
        long now = System.currentTimeMillis();
        lastArrival.accumulateAndGet(round, now, Math::max);
        reached[round].increment();
      }
    };
    long deadline = System.nanoTime() + limit.toNanos();
    try (Pollers pollers = new Pollers(target, firstRecipient, count, pollTimeout, onMessage)) {
      Waits.until(() -> pollers.sent() >= count || orphaned.get(), remaining(deadline));
      report(out, PARKED + " " + Math.min(count, pollers.sent()));
      for (int round = 1; round <= rounds; round++) {
        LongAdder thisRound = reached[round];
        Waits.until(() -> thisRound.sum() == count || orphaned.get(), remaining(deadline));
        report(out, ROUND + " " + round + " " + thisRound.sum() + " " + lastArrival.get(round));
      }
      report(out, DONE + " " + reached[1].sum() + " " + pollers.errors() + " " + lastArrival.get(1) + " " + pollers.answers());
      if (pollers.firstError() != null) {
        System.err.println("parked-child " + firstRecipient + ": " + pollers.errors() + " poll errors, the first: "
            + pollers.firstError());
      }
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static void report(PrintStream out, String line) {
    out.println(line);
    out.flush();
  }

  /** A flag raised when the parent closes our standard input (it finished or died). */
  private static AtomicBoolean watch(InputStream parent) {
    AtomicBoolean closed = new AtomicBoolean();
    Thread watcher = new Thread(() -> {
      try {
        while (parent.read() >= 0) {
          // The parent sends nothing; only the end of the stream matters.
        }
      } catch (IOException e) {
        // A broken pipe means the same as the end of the stream.
      }
      closed.set(true);
    }, "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
    return closed;
  }

  /** What a {@code ROUND} line says: how many of the share got the round's message, the last when. */
  record Round(int round, long reached, long lastArrivalEpochMillis) {

    static Round parse(String line) {
      String[] parts = line.trim().split(" ");
      if (parts.length != 4 || !parts[0].equals(ROUND)) {
        throw new IllegalArgumentException("not a ROUND line: " + line);
      }
      return new Round(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    }
  }

  /** What a {@code DONE} line says. */
  record Done(long woken, long errors, long lastArrivalEpochMillis, long answers) {

    static Done parse(String line) {
      String[] parts = line.trim().split(" ");
      if (parts.length != 5 || !parts[0].equals(DONE)) {
        throw new IllegalArgumentException("not a DONE line: " + line);
      }
      return new Done(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]));
    }
  }
}
