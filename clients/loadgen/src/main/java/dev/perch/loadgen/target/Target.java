package dev.perch.loadgen.target;

import reactor.core.publisher.Mono;

/**
 * A server the generator drives over plain HTTP. Recipients are numbered; the target derives each
 * recipient's user (Perch) or channel (Nchan) from its run prefix, so every run works on fresh,
 * empty streams and an inbox can start at the oldest message without missing or inheriting any.
 * Thread-safe.
 */
public interface Target extends AutoCloseable {

  /** {@code perch} or {@code nchan}. */
  String name();

  /**
   * Publishes {@code payload} to {@code recipient}. Lazy: nothing is sent until subscribed. Completes
   * empty once the server acknowledged the message (2xx); errors with {@link HttpStatusException}
   * otherwise, or with the transport's error.
   */
  Mono<Void> publish(int recipient, String payload);

  /** The recipient's inbox, positioned at the oldest message of its stream. */
  Inbox inbox(int recipient);

  /** Long-poll requests written to the server so far, by every inbox of this target. */
  long pollsSent();

  /** Closes every connection; polls in flight fail. */
  @Override
  void close();
}
