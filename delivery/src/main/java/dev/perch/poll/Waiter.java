package dev.perch.poll;

import dev.perch.model.Update;
import dev.perch.model.UserId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One long-poll, parked or about to be: whose stream, after which seq, until when, how many
 * updates at most, the loop its work runs on, and the answer it completes exactly once through one
 * {@link Sinks.One}. While it waits nothing of it runs: it holds one timer, started when it first
 * parks and cancelled however it ends (answer, timeout, cancel, shutdown).
 *
 * <p>States: {@code STARTING} (registered, cursor not yet known), {@code READING} (a store read is
 * under way), {@code PARKED}, {@code DONE}. A ring ({@link #ring}) that finds it reading marks it
 * {@code rung}, and the read that then finds nothing reads again, so a wake that lands between a
 * read and the park is never lost. A ring that finds it parked takes it back to reading on its own
 * loop, and when the ring carries the very update after the cursor, answers with it without reading
 * the store. Thread-safe: transitions are compare-and-set, the sink is emitted once.
 */
final class Waiter {

  private static final int STARTING = 0;
  private static final int READING = 1;
  private static final int PARKED = 2;
  private static final int DONE = 3;
  private static final Disposable ENDED = Disposables.disposed();
  private static final AtomicReferenceFieldUpdater<Waiter, Disposable> TIMER =
      AtomicReferenceFieldUpdater.newUpdater(Waiter.class, Disposable.class, "timer");
  private static final AtomicReferenceFieldUpdater<Waiter, Disposable> INTEREST =
      AtomicReferenceFieldUpdater.newUpdater(Waiter.class, Disposable.class, "interest");

  /** Reads the store after this waiter's cursor and reports to {@link #onRead}. */
  interface Reader {
    void read(Waiter waiter);
  }

  private final UserId user;
  private final int limit;
  private final long deadlineMillis;
  private final Scheduler loop;
  private final Reader reader;
  private final Consumer<Waiter> release;
  private final Sinks.One<Poll> answer = Sinks.one();
  private final AtomicInteger state = new AtomicInteger(STARTING);
  private volatile Disposable timer;
  private volatile Disposable interest;
  private volatile long cursor;
  private volatile boolean rung;
  private volatile boolean shutdown;

  Waiter(UserId user, int limit, long deadlineMillis, Scheduler loop, Reader reader, Consumer<Waiter> release) {
    this.user = user;
    this.limit = limit;
    this.deadlineMillis = deadlineMillis;
    this.loop = loop;
    this.reader = reader;
    this.release = release;
  }

  UserId user() {
    return user;
  }

  long cursor() {
    return cursor;
  }

  int limit() {
    return limit;
  }

  /** The answer: updates after the cursor, or none at the deadline or shutdown. */
  Mono<Poll> answer() {
    return answer.asMono();
  }

  /** Holds the bus interest in this waiter's user until the waiter ends (at once, if it already has). */
  void hold(Disposable busInterest) {
    if (!INTEREST.compareAndSet(this, null, busInterest)) {
      busInterest.dispose();
    }
  }

  /**
   * Starts from {@code startCursor}, its stream's head being {@code head}: reads the updates after
   * the cursor when the head is past it, else takes that as an empty read and parks (reading after
   * all if a ring came meanwhile); answers at once when shutdown came first.
   */
  void start(long startCursor, long head, boolean busConnected) {
    cursor = startCursor;
    if (shutdown) {
      complete(Poll.empty(startCursor));
    } else if (state.compareAndSet(STARTING, READING)) {
      if (head > startCursor) {
        read();
      } else {
        onRead(List.of(), busConnected);
      }
    }
  }

  /** What a read found; with nothing, parks (or reads again if rung meanwhile). */
  void onRead(List<Update> found, boolean busConnected) {
    if (!found.isEmpty()) {
      complete(Poll.of(found));
      return;
    }
    long remaining = deadlineMillis - loop.now(TimeUnit.MILLISECONDS);
    if (remaining <= 0 || shutdown) {
      complete(Poll.empty(cursor));
      return;
    }
    if (!state.compareAndSet(READING, PARKED)) {
      return;
    }
    startTimer(busConnected ? remaining : Math.min(remaining, PollService.FALLBACK_INTERVAL.toMillis()));
    if (rung && state.compareAndSet(PARKED, READING)) {
      read();
    }
  }

  void onError(Throwable error) {
    if (end()) {
      answer.tryEmitError(error);
    }
  }

  /**
   * Tells this waiter its stream reached {@code seq} (0: unknown, read again), carrying the update
   * when the ring came from this node's own send (else null). Runs the rest on the waiter's loop.
   */
  void ring(long seq, Update update) {
    if (seq != 0 && seq <= cursor && state.get() != STARTING) {
      return;
    }
    rung = true;
    if (state.get() == PARKED) {
      loop.schedule(() -> resume(update));
    }
  }

  /** Answers at once, empty with the cursor; polls started later answer the same way. */
  void shutdown() {
    shutdown = true;
    int now = state.get();
    if (now == PARKED || now == READING) {
      loop.schedule(() -> complete(Poll.empty(cursor)));
    }
  }

  /** The client went away: ends the waiter without an answer. */
  void cancel() {
    end();
  }

  private void resume(Update update) {
    if (!state.compareAndSet(PARKED, READING)) {
      return;
    }
    if (update != null && update.seq() == cursor + 1) {
      complete(Poll.of(List.of(update)));
    } else {
      read();
    }
  }

  private void read() {
    rung = false;
    reader.read(this);
  }

  private void startTimer(long delayMillis) {
    if (timer != null) {
      return;
    }
    Disposable started = loop.schedule(this::onTimer, delayMillis, TimeUnit.MILLISECONDS);
    if (!TIMER.compareAndSet(this, null, started)) {
      started.dispose();
    }
  }

  /** At the deadline answers empty; earlier (without a bus, every fallback interval) reads again. */
  private void onTimer() {
    Disposable fired = timer;
    if (fired != ENDED) {
      TIMER.compareAndSet(this, fired, null);
    }
    if (deadlineMillis - loop.now(TimeUnit.MILLISECONDS) <= 0) {
      complete(Poll.empty(cursor));
    } else if (state.compareAndSet(PARKED, READING)) {
      read();
    }
  }

  private void complete(Poll poll) {
    if (end()) {
      answer.tryEmitValue(poll);
    }
  }

  /**
   * Moves to DONE, stops the timer, drops the bus interest and releases the waiter (before any
   * answer is emitted, so a client that polls again at once finds its slot free); true for the one
   * caller that ended it.
   */
  private boolean end() {
    if (state.getAndSet(DONE) == DONE) {
      return false;
    }
    dispose(TIMER.getAndSet(this, ENDED));
    dispose(INTEREST.getAndSet(this, ENDED));
    release.accept(this);
    return true;
  }

  private static void dispose(Disposable held) {
    if (held != null) {
      held.dispose();
    }
  }
}
