package dev.perch.poll;

import dev.perch.model.UserId;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One parked poll's doorbell. A poll {@link #arm arms} it <em>before</em> each store read and then
 * waits on what {@code arm} returned, so a wake that lands between the read and the wait is not
 * lost: it completes the signal that was armed before the read.
 */
final class Waiter {

  /** Why a waiting poll resumes. */
  enum Signal {
    WAKE,
    SHUTDOWN
  }

  private final UserId user;
  /** Null until the first {@link #arm}: a wake before then precedes the poll's first read, which sees it. */
  private volatile Sinks.One<Signal> armed;
  private volatile boolean shutdown;

  Waiter(UserId user) {
    this.user = user;
  }

  UserId user() {
    return user;
  }

  /** A fresh signal that completes on the next wake or on shutdown. */
  Mono<Signal> arm() {
    Sinks.One<Signal> sink = Sinks.one();
    armed = sink;
    if (shutdown) {
      return Mono.just(Signal.SHUTDOWN);
    }
    return sink.asMono();
  }

  void wake() {
    ring(Signal.WAKE);
  }

  void shutdown() {
    shutdown = true;
    ring(Signal.SHUTDOWN);
  }

  private void ring(Signal signal) {
    Sinks.One<Signal> sink = armed;
    if (sink != null) {
      sink.tryEmitValue(signal);
    }
  }
}
