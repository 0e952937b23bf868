package dev.perch.poll;

import dev.perch.bus.DeliveryBus;
import dev.perch.model.UserId;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** A bus whose server is gone: interest is never acknowledged and publishing fails. */
final class UnreachableBus implements DeliveryBus {

  @Override
  public Mono<Void> publish(UserId user, long seq) {
    return Mono.error(new IllegalStateException("bus unreachable"));
  }

  @Override
  public Mono<Disposable> subscribe(UserId user) {
    return Mono.never();
  }

  @Override
  public boolean connected() {
    return false;
  }
}
