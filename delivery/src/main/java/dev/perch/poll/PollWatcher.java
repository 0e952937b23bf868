package dev.perch.poll;

import dev.perch.model.UserId;

/**
 * Told of every poll as it starts and as it ends (answered, failed or cancelled), on the poll's
 * event loop: must be quick and must not block.
 */
public interface PollWatcher {

  /** Watches nothing. */
  PollWatcher NONE = new PollWatcher() {
    @Override
    public void started(UserId user) {}

    @Override
    public void ended(UserId user) {}
  };

  void started(UserId user);

  void ended(UserId user);
}
