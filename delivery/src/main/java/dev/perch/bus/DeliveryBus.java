package dev.perch.bus;

import dev.perch.model.Update;
import dev.perch.model.UserId;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Wakes the nodes that hold polls for a user when that user's stream grows. Across nodes a wake
 * carries no data, only the user and the seq just appended, and pollers read the store
 * themselves, so a lost or duplicated wake costs latency, never correctness; on the sending node
 * the wake carries the update.
 *
 * <p>Wakes go to the {@link WakeListener} the bus was built with, on a bus thread; the listener must
 * not block. Thread-safe; publishers are lazy.
 */
public interface DeliveryBus {

  /** Tells every node interested in {@code user} that its stream reached {@code seq}. */
  Mono<Void> publish(UserId user, long seq);

  /**
   * Publishes the wake of an update this node just appended; this node's listener gets the update
   * itself ({@link WakeListener#onUpdate}), so its waiters can answer without reading the store.
   */
  default Mono<Void> publish(Update update) {
    return publish(update.user(), update.seq());
  }

  /**
   * Declares interest in {@code user}'s wakes. The returned interest is emitted only once every
   * wake published afterwards is sure to reach the listener (for Redis: once the channel
   * subscription is acknowledged), so a poll that reads the store after this completes cannot miss
   * a wake. Disposing the interest releases it; interests are counted, so one user's interests
   * share a single subscription.
   */
  Mono<Disposable> subscribe(UserId user);

  /**
   * Whether wakes flow now. While false, wakes may be lost, so pollers read the store on their own
   * schedule; a bus that loses its connection rings the listener once for every user with interest
   * (seq 0), so parked polls notice at once. The in-process bus is always connected.
   */
  default boolean connected() {
    return true;
  }
}
