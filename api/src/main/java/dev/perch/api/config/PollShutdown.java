package dev.perch.api.config;

import dev.perch.poll.WaiterRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * Answers every parked poll (empty, same cursor) when the application stops. It runs in the
 * highest lifecycle phase, so before the web server's graceful shutdown starts waiting for open
 * requests: parked polls end at once instead of holding shutdown up for their timeout.
 */
final class PollShutdown implements SmartLifecycle {

  private final WaiterRegistry waiters;
  private volatile boolean running;

  PollShutdown(WaiterRegistry waiters) {
    this.waiters = waiters;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    waiters.shutdown();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
