package dev.perch.bus;

import dev.perch.model.Update;
import dev.perch.model.UserId;

/**
 * Receives wakes from a {@link DeliveryBus}: from another node a user and a seq, from this node's
 * own send the appended update itself. Called on a bus or sender thread: must be quick and never
 * block.
 */
@FunctionalInterface
public interface WakeListener {

  /** {@code user}'s stream reached {@code seq} (0: unknown, read it again). */
  void onWake(UserId user, long seq);

  /** This node appended {@code update}; by default, a wake for its seq. */
  default void onUpdate(Update update) {
    onWake(update.user(), update.seq());
  }
}
