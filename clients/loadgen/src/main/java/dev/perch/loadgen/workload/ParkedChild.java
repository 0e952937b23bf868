package dev.perch.loadgen.workload;

import dev.perch.loadgen.target.Receiver;
import dev.perch.loadgen.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A child process's share of the parked workload: long-polls {@code count} recipients, reports
 * {@code PARKED <sent>} once every first poll was sent, then {@code DONE <woken> <errors>
 * <lastArrivalEpochMillis> <answers>} once every recipient received a message, or when its time
 * limit passes, or when its parent goes away (standard input closes). See {@link ParkedRun}.
 */
public final class ParkedChild {

  static final String PARKED = "PARKED";
  static final String DONE = "DONE";

  private ParkedChild() {}

  /** Runs the share and reports on {@code out}; returns when done. */
  public static void run(Target target, int firstRecipient, int count, Duration pollTimeout, Duration limit,
      InputStream parent, PrintStream out) {
    AtomicIntegerArray woken = new AtomicIntegerArray(count);
    LongAdder wokenCount = new LongAdder();
    AtomicLong lastArrival = new AtomicLong();
    AtomicBoolean orphaned = watch(parent);
    Receiver onMessage = (recipient, text, major, minor, arrivedNanos) -> {
      if (woken.compareAndSet(recipient - firstRecipient, 0, 1)) {
        lastArrival.accumulateAndGet(System.currentTimeMillis(), Math::max);
        wokenCount.increment();
      }
    };
    long deadline = System.nanoTime() + limit.toNanos();
    try (Pollers pollers = new Pollers(target, firstRecipient, count, pollTimeout, onMessage)) {
      Waits.until(() -> pollers.sent() >= count || orphaned.get(), remaining(deadline));
      report(out, PARKED + " " + Math.min(count, pollers.sent()));
      Waits.until(() -> wokenCount.sum() == count || orphaned.get(), remaining(deadline));
      report(out, DONE + " " + wokenCount.sum() + " " + pollers.errors() + " " + lastArrival.get() + " " + pollers.answers());
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
