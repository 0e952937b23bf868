package dev.perch.poll;

import dev.perch.bus.WakeListener;
import dev.perch.error.TooManyRequestsException;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Scheduler;

/**
 * The polls parked on this node, by user. Wakes from the bus, and updates from this node's own
 * sends, ring every waiter of that user (each waiter then works on its own loop).
 * {@link #shutdown} rings all of them with {@code SHUTDOWN} and makes later polls answer at once.
 * Thread-safe.
 *
 * <p>A user's waiters are an array replaced whole under the map's per-key lock: a user nearly
 * always has one or two polls, and a fresh small array costs less to build, keep and walk than a
 * concurrent set made and dropped for every poll.
 */
public final class WaiterRegistry implements WakeListener {

  private final int maxPerUser;
  private final ConcurrentMap<UserId, Waiter[]> byUser = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private volatile boolean shutdown;

  public WaiterRegistry(int maxPerUser) {
    this.maxPerUser = maxPerUser;
  }

  /**
   * Registers a new waiter for {@code request}'s user, answering by {@code deadlineMillis} (on
   * {@code loop}'s clock) and reading through {@code reader}.
   *
   * @throws TooManyRequestsException when the user already has {@code maxPerUser} polls here
   */
  Waiter register(PollRequest request, long deadlineMillis, Scheduler loop, Waiter.Reader reader) {
    Waiter waiter = new Waiter(request.user(), request.limit(), deadlineMillis, loop, reader, this::remove);
    byUser.compute(request.user(), (u, waiters) -> {
      int count = waiters == null ? 0 : waiters.length;
      if (count >= maxPerUser) {
        throw new TooManyRequestsException(
            "too_many_polls", "At most " + maxPerUser + " polls per user may wait at once.");
      }
      Waiter[] more = waiters == null ? new Waiter[1] : Arrays.copyOf(waiters, count + 1);
      more[count] = waiter;
      return more;
    });
    size.incrementAndGet();
    if (shutdown) {
      waiter.shutdown();
    }
    return waiter;
  }

  private void remove(Waiter waiter) {
    byUser.computeIfPresent(waiter.user(), (u, waiters) -> {
      int index = Arrays.asList(waiters).indexOf(waiter);
      if (index < 0) {
        return waiters;
      }
      size.decrementAndGet();
      if (waiters.length == 1) {
        return null;
      }
      Waiter[] fewer = new Waiter[waiters.length - 1];
      System.arraycopy(waiters, 0, fewer, 0, index);
      System.arraycopy(waiters, index + 1, fewer, index, fewer.length - index);
      return fewer;
    });
  }

  @Override
  public void onWake(UserId user, long seq) {
    ring(user, seq, null);
  }

  /** This node's own send: the update itself goes to the user's waiters, which may answer with it. */
  @Override
  public void onUpdate(Update update) {
    ring(update.user(), update.seq(), update);
  }

  private void ring(UserId user, long seq, Update update) {
    Waiter[] waiters = byUser.get(user);
    if (waiters != null) {
      for (Waiter waiter : waiters) {
        waiter.ring(seq, update);
      }
    }
  }

  /** Answers every parked poll now; polls registered afterwards answer at once. */
  public void shutdown() {
    shutdown = true;
    byUser.values().forEach(waiters -> {
      for (Waiter waiter : waiters) {
        waiter.shutdown();
      }
    });
  }

  /** Whether {@link #shutdown} has run (and {@link #reopen} not since). */
  public boolean isShutdown() {
    return shutdown;
  }

  /** Undoes {@link #shutdown} for polls registered from now on, for an application started again. */
  public void reopen() {
    shutdown = false;
  }

  /** How many polls are registered (parked or reading) on this node. */
  public int size() {
    return size.get();
  }

  /** How many polls {@code user} has registered on this node. */
  public int size(UserId user) {
    Waiter[] waiters = byUser.get(user);
    return waiters == null ? 0 : waiters.length;
  }
}
