package dev.perch.poll;

import dev.perch.bus.WakeListener;
import dev.perch.error.TooManyRequestsException;
import dev.perch.model.UserId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The polls parked on this node, by user. Wakes from the bus ring every waiter of that user.
 * {@link #shutdown} rings all of them with {@code SHUTDOWN} and makes later polls answer at once.
 * Thread-safe.
 */
public final class WaiterRegistry implements WakeListener {

  private final int maxPerUser;
  private final ConcurrentMap<UserId, Set<Waiter>> byUser = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private volatile boolean shutdown;

  public WaiterRegistry(int maxPerUser) {
    this.maxPerUser = maxPerUser;
  }

  /**
   * Registers a new waiter for {@code user}.
   *
   * @throws TooManyRequestsException when the user already has {@code maxPerUser} polls here
   */
  Waiter register(UserId user) {
    Waiter waiter = new Waiter(user);
    byUser.compute(user, (u, waiters) -> {
      Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
      if (set.size() >= maxPerUser) {
        throw new TooManyRequestsException(
            "too_many_polls", "At most " + maxPerUser + " polls per user may wait at once.");
      }
      set.add(waiter);
      return set;
    });
    size.incrementAndGet();
    if (shutdown) {
      waiter.shutdown();
    }
    return waiter;
  }

  void remove(Waiter waiter) {
    byUser.computeIfPresent(waiter.user(), (u, waiters) -> {
      if (waiters.remove(waiter)) {
        size.decrementAndGet();
      }
      return waiters.isEmpty() ? null : waiters;
    });
  }

  @Override
  public void onWake(UserId user, long seq) {
    Set<Waiter> waiters = byUser.get(user);
    if (waiters != null) {
      waiters.forEach(Waiter::wake);
    }
  }

  /** Answers every parked poll now; polls registered afterwards answer at once. */
  public void shutdown() {
    shutdown = true;
    byUser.values().forEach(waiters -> waiters.forEach(Waiter::shutdown));
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
    Set<Waiter> waiters = byUser.get(user);
    return waiters == null ? 0 : waiters.size();
  }
}
