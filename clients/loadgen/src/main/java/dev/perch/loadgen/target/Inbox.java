package dev.perch.loadgen.target;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * One recipient's long-poll stream, carrying its own resume point (Perch's cursor, Nchan's
 * Last-Modified/Etag). Not thread-safe: one poll at a time, the next only after the previous one
 * emitted, which is how a single poller loop uses it.
 */
public interface Inbox {

  /**
   * One long-poll, waiting up to {@code timeout} (Nchan waits for its configured subscriber
   * timeout instead). Emits what arrived, an empty batch when the wait ended with nothing, and
   * advances the resume point past what it emitted. Lazy.
   */
  Mono<Batch> poll(Duration timeout);
}
