package dev.perch.poll;

import dev.perch.bus.DeliveryBus;
import dev.perch.error.InvalidRequestException;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 */
public final class PollService {

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
              bus.subscribe(request.user()),
              interest -> startCursor(request).flatMap(cursor -> readOrPark(request, waiter, cursor, deadline)),
              interest -> Mono.fromRunnable(interest::dispose))
          .doFinally(signal -> waiters.remove(waiter));
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
      return signal
          .timeout(Duration.ofMillis(remaining), Mono.empty(), timer)
          .flatMap(resumed -> resumed == Waiter.Signal.WAKE
              ? readOrPark(request, waiter, cursor, deadline)
              : Mono.just(Poll.empty(cursor)))
          .defaultIfEmpty(Poll.empty(cursor));
    });
  }

  private long now() {
    return timer.now(TimeUnit.MILLISECONDS);
  }

}
