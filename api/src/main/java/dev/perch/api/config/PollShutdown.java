package dev.perch.api.config;

import dev.perch.api.http.ShutdownGate;
import dev.perch.poll.WaiterRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * When the application stops: closes the {@link ShutdownGate} to new requests, then answers every
 * parked poll (empty, same cursor). It runs in the highest lifecycle phase, so before the web
 * server's graceful shutdown starts waiting for open requests: parked polls end at once instead
 * of holding shutdown up for their timeout, and sends already running finish.
 */
final class PollShutdown implements SmartLifecycle {

  private final WaiterRegistry waiters;
  private final ShutdownGate gate;
  private volatile boolean running;

  PollShutdown(WaiterRegistry waiters, ShutdownGate gate) {
    this.waiters = waiters;
    this.gate = gate;
  }

  @Override
  public void start() {
    // A stopped context can be started again (Spring pauses cached test contexts this way).
    gate.open();
    waiters.reopen();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    gate.close();
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
