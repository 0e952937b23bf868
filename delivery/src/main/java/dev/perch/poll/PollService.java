package dev.perch.poll;

import dev.perch.bus.DeliveryBus;
import dev.perch.error.InvalidRequestException;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Answers long-polls. Order of operations, which makes wake-ups impossible to lose: register a
 * waiter, have the bus acknowledge interest in the user, arm the waiter, and only then read the
 * store. When the read is empty the poll parks on the armed signal until a wake (read again),
 * the timeout (answer empty, same cursor) or shutdown (answer the same, at once). The waiter and the
 * bus interest are released however the poll ends: answer, error, or cancel by a disconnecting
 * client.
 *
 * <p>Without a working bus (interest not acknowledged within {@link #BUS_GRACE}, or the bus
 * disconnected) wakes may be lost, so a parked poll also reads the store every
 * {@link #FALLBACK_INTERVAL}: slower, never wrong.
 */
public final class PollService {

  private static final Logger log = LoggerFactory.getLogger(PollService.class);

  static final Duration BUS_GRACE = Duration.ofSeconds(1);
  static final Duration FALLBACK_INTERVAL = Duration.ofSeconds(1);

  private static final Mono<Waiter.Signal> WAITED_OUT = Mono.just(Waiter.Signal.WAKE);

  private final UpdateStore updates;
  private final DeliveryBus bus;
  private final WaiterRegistry waiters;
  private final Scheduler timer;

  public PollService(UpdateStore updates, DeliveryBus bus, WaiterRegistry waiters) {
    this(updates, bus, waiters, Schedulers.parallel());
  }

  PollService(UpdateStore updates, DeliveryBus bus, WaiterRegistry waiters, Scheduler timer) {
    this.updates = updates;
    this.bus = bus;
    this.waiters = waiters;
    this.timer = timer;
  }

  public Mono<Poll> poll(PollRequest request) {
    return Mono.defer(() -> {
      long deadline = now() + request.timeout().toMillis();
      Waiter waiter = waiters.register(request.user());
      return Mono.usingWhen(
              interest(request.user()),
              interest -> startCursor(request).flatMap(cursor -> readOrPark(request, waiter, cursor, deadline)),
              interest -> Mono.fromRunnable(interest::dispose))
          .doFinally(signal -> waiters.remove(waiter));
    });
  }

  /** The bus interest, or a stand-in when the bus cannot acknowledge it in time. */
  private Mono<Disposable> interest(UserId user) {
    Mono<Disposable> subscribe = bus.subscribe(user);
    // A Callable publisher (the in-process bus) answers while it is subscribed, before any timeout
    // could fire: arming and cancelling a timer on the shared scheduler for every poll buys nothing.
    Mono<Disposable> acknowledged = subscribe instanceof Callable<?> ? subscribe : subscribe.timeout(BUS_GRACE, timer);
    return acknowledged.onErrorResume(e -> {
      log.debug("no bus interest for {}; its poll reads the store every {}: {}", user, FALLBACK_INTERVAL, e.toString());
      return Mono.just(Disposables.single());
    });
  }

  private Mono<Long> startCursor(PollRequest request) {
    if (request.cursor() == null) {
      return updates.head(request.user());
    }
    return updates.head(request.user()).map(head -> {
      if (request.cursor() > head) {
        throw new InvalidRequestException(
            "invalid_cursor",
            "cursor " + request.cursor() + " is ahead of this stream's newest update (" + head
                + "); poll with cursor=0 or without a cursor to start again.");
      }
      return request.cursor();
    });
  }

  private Mono<Poll> readOrPark(PollRequest request, Waiter waiter, long cursor, long deadline) {
    Mono<Waiter.Signal> signal = waiter.arm();
    return updates.readAfter(request.user(), cursor, request.limit()).collectList().flatMap(found -> {
      if (!found.isEmpty()) {
        return Mono.just(Poll.of(found));
      }
      long remaining = deadline - now();
      if (remaining <= 0) {
        return Mono.just(Poll.empty(cursor));
      }
      long wait = bus.connected() ? remaining : Math.min(remaining, FALLBACK_INTERVAL.toMillis());
      // Waiting out the wait is one more reason to read again: at the deadline the read answers
      // empty, and without a bus it is the fallback's periodic look at the store.
      return signal
          .timeout(Duration.ofMillis(wait), WAITED_OUT, timer)
          .flatMap(resumed -> resumed == Waiter.Signal.WAKE
              ? readOrPark(request, waiter, cursor, deadline)
              : Mono.just(Poll.empty(cursor)));
    });
  }

  private long now() {
    return timer.now(TimeUnit.MILLISECONDS);
  }

}
