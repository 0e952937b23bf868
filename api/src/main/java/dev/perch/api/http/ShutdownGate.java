package dev.perch.api.http;

import dev.perch.api.error.RequestRefused;

/**
 * Once the application starts stopping, every new API request is answered 503
 * {@code shutting_down} with {@code Connection: close} before it touches a store. Without it, a send
 * arriving on a kept-alive connection during the graceful shutdown could be stored and then lose
 * its connection unanswered; refused, the client simply retries on another node. Requests already
 * running finish normally. Thread-safe.
 */
public final class ShutdownGate {

  private volatile boolean closed;

  public void open() {
    closed = false;
  }

  public void close() {
    closed = true;
  }

  void check() {
    if (closed) {
      throw RequestRefused.shuttingDown();
    }
  }
}
