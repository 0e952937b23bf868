package dev.perch.bus;

import dev.perch.model.Update;
import dev.perch.model.UserId;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * The embedded bus: a publish calls the listener directly on the publishing thread, so a wake is
 * delivered (to waiters, which continue on their own loops) before {@code publish} completes.
 * Interest needs no subscription and is acknowledged at once. Only for a single node.
 */
public final class InProcessDeliveryBus implements DeliveryBus {

  private final WakeListener listener;

  public InProcessDeliveryBus(WakeListener listener) {
    this.listener = listener;
  }

  @Override
  public Mono<Void> publish(UserId user, long seq) {
    return Mono.fromRunnable(() -> listener.onWake(user, seq));
  }

  @Override
  public Mono<Void> publish(Update update) {
    return Mono.fromRunnable(() -> listener.onUpdate(update));
  }

  @Override
  public Mono<Disposable> subscribe(UserId user) {
    return Mono.fromSupplier(Disposables::single);
  }
}
