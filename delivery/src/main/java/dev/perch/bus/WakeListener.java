package dev.perch.bus;

import dev.perch.model.UserId;

/** Receives wakes from a {@link DeliveryBus}. Called on a bus thread: must be quick and never block. */
@FunctionalInterface
public interface WakeListener {

  void onWake(UserId user, long seq);
}
