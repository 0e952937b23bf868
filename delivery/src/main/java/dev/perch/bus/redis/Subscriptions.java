package dev.perch.bus.redis;

import dev.perch.model.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The channel subscriptions of one pub/sub connection: per user, how many interests are held and
 * where the channel stands in Redis. Pure logic; the commands it decides go through {@link Commands}.
 *
 * <p>Rules, each there for a race:
 * <ul>
 *   <li>At most one command per channel is in flight; the next one is decided when it completes. So
 *       the SUBSCRIBEs and UNSUBSCRIBEs of a channel reach Redis in the order they were decided, even
 *       when different threads decide them (an interest arriving while an UNSUBSCRIBE is in flight
 *       waits for it, then subscribes again).
 *   <li>A channel counts as subscribed only when a SUBSCRIBE sent in the channel's current epoch has
 *       completed. {@link #reconnected(Predicate)} starts a new epoch for the channels it names, so the
 *       completion of a command sent before a reconnect proves nothing and the command is sent again.
 *   <li>Interest above zero and not subscribed: SUBSCRIBE, and the interests wait for it together.
 *       Interest back at zero: linger, then UNSUBSCRIBE if Redis may still hold the channel, then
 *       forget it. Lingering only delays an UNSUBSCRIBE; it never causes a SUBSCRIBE.
 *   <li>After a failed command the channel rests for the retry delay, so a dead connection is not
 *       hammered; a new interest or a reconnect ends the rest early. Then whatever the channel still
 *       needs is sent.
 * </ul>
 *
 * <p>Thread-safe: every field is guarded by this object's monitor, held only to update fields and
 * schedule timers. Commands, sink signals and the resync callback run after it is released, so a
 * command that completes synchronously cannot re-enter a half-done transition.
 */
final class Subscriptions {

  /** The commands sent for a user's channel on the pub/sub connection. */
  interface Commands {

    /** Completes once Redis has executed the SUBSCRIBE on the connection. */
    Mono<Void> subscribe(UserId user);

    Mono<Void> unsubscribe(UserId user);
  }

  /** Raised to interests still waiting when the subscriptions are closed. */
  static final class ClosedException extends IllegalStateException {

    ClosedException() {
      super("the delivery bus is closed");
    }
  }

  private enum Command {
    SUBSCRIBE,
    UNSUBSCRIBE
  }

  private final Commands commands;
  private final Duration linger;
  private final Duration retryDelay;
  private final Scheduler timer;
  private final Consumer<UserId> resync;
  private final Map<UserId, Channel> channels = new HashMap<>();
  private boolean closed;

  /**
   * @param resync called, after a {@link #reconnected(Predicate) reconnect}, for each user that has interest
   *     once its channel is subscribed again: wakes published in between were lost
   */
  Subscriptions(Commands commands, Duration linger, Duration retryDelay, Scheduler timer, Consumer<UserId> resync) {
    this.commands = commands;
    this.linger = linger;
    this.retryDelay = retryDelay;
    this.timer = timer;
    this.resync = resync;
  }

  /**
   * Takes an interest in {@code user}'s channel. Emits it at once when the channel is subscribed,
   * else when the SUBSCRIBE completes (shared by every interest waiting for it), or fails with that
   * SUBSCRIBE's error. Cancelling before the emission releases the interest; once emitted, disposing
   * it does (idempotent).
   */
  Mono<Disposable> acquire(UserId user) {
    return Mono.create(sink -> {
      Interest interest = new Interest(user);
      Mono<Void> ready;
      Runnable action;
      synchronized (this) {
        if (closed) {
          ready = Mono.error(new ClosedException());
          action = null;
        } else {
          Channel channel = channels.computeIfAbsent(user, u -> new Channel());
          channel.interest++;
          channel.linger = cancel(channel.linger);
          channel.retry = cancel(channel.retry);
          if (channel.subscribed) {
            ready = null;
          } else {
            if (channel.ready == null) {
              channel.ready = Sinks.one();
            }
            ready = channel.ready.asMono();
          }
          action = reconcile(user, channel);
        }
      }
      run(action);
      if (ready == null) {
        sink.onCancel(interest);
        sink.success(interest);
        return;
      }
      Disposable waiting = ready.subscribe(
          null,
          error -> {
            interest.dispose();
            sink.error(error);
          },
          () -> sink.success(interest));
      sink.onCancel(() -> {
        waiting.dispose();
        interest.dispose();
      });
    });
  }

  /**
   * The connection was re-established: Redis may have lost every subscription, and wakes published
   * meanwhile are gone. Every channel with interest is subscribed again (interests taken from now on
   * wait for that), and its user is passed to the resync callback once it is.
   */
  void reconnected() {
    reconnected(user -> true);
  }

  /**
   * As {@link #reconnected()}, for the channels of the users {@code affected} accepts only: the
   * subscriptions that may be gone when one connection of several dropped, or a channel's slot moved
   * to another Redis Cluster node. The other channels stand as they are.
   */
  void reconnected(Predicate<UserId> affected) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      channels.forEach((user, channel) -> {
        if (!affected.test(user)) {
          return;
        }
        channel.epoch++;
        channel.subscribed = false;
        channel.mayBeSubscribed = true;
        channel.resync = channel.interest > 0;
        channel.retry = cancel(channel.retry);
        Runnable action = reconcile(user, channel);
        if (action != null) {
          actions.add(action);
        }
      });
    }
    actions.forEach(Runnable::run);
  }

  /** Forgets every channel and fails the interests still waiting; later acquires fail too. */
  void close() {
    List<Sinks.One<Void>> waiting = new ArrayList<>();
    synchronized (this) {
      closed = true;
      channels.values().forEach(channel -> {
        cancel(channel.linger);
        cancel(channel.retry);
        if (channel.ready != null) {
          waiting.add(channel.ready);
        }
      });
      channels.clear();
    }
    waiting.forEach(ready -> ready.tryEmitError(new ClosedException()));
  }

  /** The users with interest held or waiting, e.g. to tell their polls the connection dropped. */
  synchronized List<UserId> interested() {
    return channels.entrySet().stream().filter(e -> e.getValue().interest > 0).map(Map.Entry::getKey).toList();
  }

  /** Interests currently held (or waiting) for {@code user}. */
  synchronized int interest(UserId user) {
    Channel channel = channels.get(user);
    return channel == null ? 0 : channel.interest;
  }

  /** Whether {@code user}'s channel is known: held, lingering, or being unsubscribed. */
  synchronized boolean tracks(UserId user) {
    return channels.containsKey(user);
  }

  private void release(UserId user) {
    Runnable action;
    synchronized (this) {
      Channel channel = channels.get(user);
      if (channel == null) {
        return;
      }
      channel.interest--;
      if (channel.interest == 0 && !linger.isZero()) {
        channel.linger = new Timer(user, linger);
      }
      action = reconcile(user, channel);
    }
    run(action);
  }

  private void timerFired(UserId user, Timer fired) {
    Runnable action;
    synchronized (this) {
      Channel channel = channels.get(user);
      if (channel == null) {
        return;
      }
      if (channel.linger == fired) {
        channel.linger = null;
      } else if (channel.retry == fired) {
        channel.retry = null;
      } else {
        return;
      }
      action = reconcile(user, channel);
    }
    run(action);
  }

  private void completed(UserId user, Command command, long sentIn, Throwable error) {
    Runnable action;
    Sinks.One<Void> ready = null;
    boolean wake = false;
    synchronized (this) {
      Channel channel = channels.get(user);
      if (channel == null) {
        return;
      }
      channel.inFlight = null;
      boolean current = sentIn == channel.epoch;
      if (error != null) {
        ready = command == Command.SUBSCRIBE ? channel.ready : null;
        if (ready != null) {
          channel.ready = null;
        }
        channel.retry = new Timer(user, retryDelay);
      } else if (current && command == Command.SUBSCRIBE) {
        channel.subscribed = true;
        ready = channel.ready;
        channel.ready = null;
        wake = channel.resync && channel.interest > 0;
        channel.resync = false;
      } else if (current) {
        channel.mayBeSubscribed = false;
      }
      action = reconcile(user, channel);
    }
    if (ready != null) {
      if (error == null) {
        ready.tryEmitEmpty();
      } else {
        ready.tryEmitError(error);
      }
    }
    if (wake) {
      resync.accept(user);
    }
    run(action);
  }

  /** Decides the channel's next command, if any; call with the monitor held, run the result after. */
  private Runnable reconcile(UserId user, Channel channel) {
    if (channel.inFlight != null || channel.retry != null) {
      return null;
    }
    if (channel.interest > 0) {
      return channel.subscribed ? null : send(user, channel, Command.SUBSCRIBE);
    }
    if (channel.linger != null) {
      return null;
    }
    if (channel.mayBeSubscribed) {
      channel.subscribed = false;
      return send(user, channel, Command.UNSUBSCRIBE);
    }
    channels.remove(user);
    return null;
  }

  private Runnable send(UserId user, Channel channel, Command command) {
    long sentIn = channel.epoch;
    channel.inFlight = command;
    channel.mayBeSubscribed = true;
    return () -> (command == Command.SUBSCRIBE ? commands.subscribe(user) : commands.unsubscribe(user)).subscribe(
        null,
        error -> completed(user, command, sentIn, error),
        () -> completed(user, command, sentIn, null));
  }

  private static Timer cancel(Timer timer) {
    if (timer != null) {
      timer.cancel();
    }
    return null;
  }

  private static void run(Runnable action) {
    if (action != null) {
      action.run();
    }
  }

  /** One user's channel. Guarded by the enclosing {@link Subscriptions}' monitor. */
  private static final class Channel {

    int interest;
    /** Counts the reconnects that concerned this channel; a command's completion counts only in its own epoch. */
    long epoch;
    /** Redis executed a SUBSCRIBE of this epoch and nothing was sent since. */
    boolean subscribed;
    /** Redis may hold the subscription, so forgetting the channel takes an UNSUBSCRIBE first. */
    boolean mayBeSubscribed;
    /** A reconnect happened since the channel was last subscribed. */
    boolean resync;
    Command inFlight;
    Timer linger;
    Timer retry;
    /** Completes when the SUBSCRIBE being waited for completes; shared by the interests waiting. */
    Sinks.One<Void> ready;
  }

  /**
   * A linger or retry delay of one channel. The channel keeps the one that counts; a timer that
   * fires after being replaced or cancelled finds itself gone and does nothing.
   */
  private final class Timer implements Runnable {

    private final UserId user;
    private final Disposable scheduled;

    Timer(UserId user, Duration delay) {
      this.user = user;
      this.scheduled = timer.schedule(this, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
      timerFired(user, this);
    }

    void cancel() {
      scheduled.dispose();
    }
  }

  /** A held interest; the first {@link #dispose()} releases it. */
  private final class Interest extends AtomicBoolean implements Disposable {

    private final UserId user;

    Interest(UserId user) {
      this.user = user;
    }

    @Override
    public void dispose() {
      if (compareAndSet(false, true)) {
        release(user);
      }
    }

    @Override
    public boolean isDisposed() {
      return get();
    }
  }
}
