package dev.perch.poll;

import dev.perch.bus.DeliveryBus;
import dev.perch.error.InvalidRequestException;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Answers long-polls. Order of operations, which makes wake-ups impossible to lose: register a
 * {@link Waiter}, have the bus acknowledge interest in the user, and only then read the store: the
 * stream's head, once, and the updates after the cursor only when the head is past it (a poll at
 * the head, every renewal of a parked poll, reads nothing else). With nothing to answer, the waiter parks with one timer until a ring (answer with the update it
 * carries, or read again), the timeout (answer empty, same cursor) or shutdown (the same, at once).
 * The waiter holds the bus interest and releases both as it ends, before its answer is emitted,
 * however the poll ends: answer, error, or cancel by a disconnecting client.
 *
 * <p>Each poll runs on the {@code loop} it is given, its connection's event loop: its timer fires
 * there and rings hop there, so a send never runs other polls' reads or encodings itself.
 *
 * <p>Without a working bus (interest not acknowledged within {@link #BUS_GRACE}, or the bus
 * disconnected) wakes may be lost, so a parked poll also reads the store every
 * {@link #FALLBACK_INTERVAL}: slower, never wrong.
 */
public final class PollService {

  private static final Logger log = LoggerFactory.getLogger(PollService.class);

  static final Duration BUS_GRACE = Duration.ofSeconds(1);
  static final Duration FALLBACK_INTERVAL = Duration.ofSeconds(1);

  private final UpdateStore updates;
  private final DeliveryBus bus;
  private final WaiterRegistry waiters;
  private final PollWatcher watcher;
  private final Waiter.Reader reader = this::read;
  private final PollOutcomes outcomes = new PollOutcomes(Metrics.globalRegistry);

  /** Polls of {@code updates}, woken by {@code bus}; {@code watcher} is told of each one's start and end. */
  public PollService(UpdateStore updates, DeliveryBus bus, WaiterRegistry waiters, PollWatcher watcher) {
    this.updates = updates;
    this.bus = bus;
    this.waiters = waiters;
    this.watcher = watcher;
  }

  /** The poll's answer; its timer and rings run on {@code loop}. */
  public Mono<Poll> poll(PollRequest request, Scheduler loop) {
    return Mono.defer(() -> {
      long deadline = loop.now(TimeUnit.MILLISECONDS) + request.timeout().toMillis();
      Waiter waiter = waiters.register(request, deadline, loop, reader);
      watcher.started(request.user());
      return interest(request.user(), loop)
          .flatMap(interest -> {
            waiter.hold(interest);
            return updates.head(request.user());
          })
          .flatMap(head -> {
            waiter.start(startCursor(request, head), head, bus.connected());
            return waiter.answer();
          })
          .doOnNext(answer -> outcomes.answered(answer, waiters.isShutdown()))
          .doFinally(signal -> {
            waiter.cancel();
            watcher.ended(request.user());
            outcomes.ended(signal);
          });
    });
  }

  /**
   * The user's updates as one stream of polls, each from the cursor the one before answered, so it
   * has the order and exactly-once of polling; a poll that found nothing for {@code wait} is an
   * empty {@link Poll} (a transport's keep-alive). Only one poll of the stream is registered at a
   * time; it ends after the poll that shutdown answered, and a cancel frees the parked poll.
   */
  public Flux<Poll> stream(UserId user, long cursor, Duration wait, int limit, Scheduler loop) {
    return Flux.defer(() -> {
      long[] next = {cursor};
      return Mono.defer(() -> poll(new PollRequest(user, next[0], wait, limit), loop))
          .doOnNext(answer -> next[0] = answer.cursor())
          .repeat(() -> !waiters.isShutdown());
    });
  }

  private void read(Waiter waiter) {
    updates.readAfter(waiter.user(), waiter.cursor(), waiter.limit()).collectList()
        .subscribe(found -> waiter.onRead(found, bus.connected()), waiter::onError);
  }

  /** The bus interest, or a stand-in when the bus cannot acknowledge it in time. */
  private Mono<Disposable> interest(UserId user, Scheduler loop) {
    Mono<Disposable> subscribe = bus.subscribe(user);
    // A Callable publisher (the in-process bus) answers while it is subscribed, before any timeout
    // could fire: arming and cancelling a timer for every poll buys nothing.
    Mono<Disposable> acknowledged = subscribe instanceof Callable<?> ? subscribe : subscribe.timeout(BUS_GRACE, loop);
    return acknowledged.onErrorResume(e -> {
      log.debug("no bus interest for {}; its poll reads the store every {}: {}", user, FALLBACK_INTERVAL, e.toString());
      return Mono.just(Disposables.single());
    });
  }

  /** The request's cursor, checked against the stream's head; the head itself when none was given. */
  private static long startCursor(PollRequest request, long head) {
    if (request.cursor() == null) {
      return head;
    }
    if (request.cursor() > head) {
      throw new InvalidRequestException(
          "invalid_cursor",
          "cursor " + request.cursor() + " is ahead of this stream's newest update (" + head
              + "); poll with cursor=0 or without a cursor to start again.");
    }
    return request.cursor();
  }
}
