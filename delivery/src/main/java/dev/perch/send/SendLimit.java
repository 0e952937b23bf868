package dev.perch.send;

import dev.perch.error.UnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Bounds the sends one node runs at once. Beyond the bound a send answers 503 {@code overloaded}
 * at once, before it touches the store: a node offered more than its store can take then keeps
 * completing sends at the store's pace and refuses the rest quickly, instead of queueing all of
 * them until every one times out. Thread-safe.
 */
public final class SendLimit {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();

  public SendLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    this.max = max;
  }

  /** {@code send}, counted while it runs (until it completes, fails or is cancelled), or refused. */
  public <T> Mono<T> admit(Mono<T> send) {
    return Mono.defer(() -> {
      if (inFlight.incrementAndGet() > max) {
        inFlight.decrementAndGet();
        return Mono.error(new UnavailableException("overloaded",
            "This node is running as many sends as it can; retry with the same clientMsgId.", RETRY_AFTER, null));
      }
      return send.doFinally(signal -> inFlight.decrementAndGet());
    });
  }

  /** Sends admitted and not yet finished. */
  public int inFlight() {
    return inFlight.get();
  }
}
