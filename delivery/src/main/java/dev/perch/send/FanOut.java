package dev.perch.send;

import dev.perch.bus.DeliveryBus;
import dev.perch.error.PerchException;
import dev.perch.error.UnavailableException;
import dev.perch.model.UpdateBody;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Appends one update body to several users' streams, in parallel, and publishes a wake for each
 * append. A failed publish is logged and does not fail the fan-out: pollers find the update in the
 * store on their next read. The whole fan-out gives up after {@link #DEADLINE}.
 */
public final class FanOut {

  /** A fan-out stops appending after this long; its writes then end within a request timeout. */
  public static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  private final UpdateStore updates;
  private final DeliveryBus bus;

  public FanOut(UpdateStore updates, DeliveryBus bus) {
    this.updates = updates;
    this.bus = bus;
  }

  /**
   * Appends {@code body} for every one of {@code recipients}; the deadline runs on {@code timer}.
   * Fails with 503 {@code delivery_unavailable} when an append fails or the deadline passes.
   */
  public Mono<Void> append(UpdateBody body, Collection<UserId> recipients, Scheduler timer) {
    return Flux.fromIterable(recipients)
        .flatMap(user -> updates.append(user, body))
        .flatMap(update -> bus.publish(update)
            .onErrorResume(e -> {
              log.warn("wake for {} seq {} not published; its polls will find it in the store: {}",
                  update.user(), update.seq(), e.toString());
              return Mono.empty();
            }))
        .then()
        // The fallback form of timeout: the plain one names itself by scanning the whole chain
        // with a regex on every subscription, several percent of a send's CPU.
        .timeout(Mono.delay(DEADLINE, timer), Mono.error(() -> new TimeoutException(
            "the fan-out did not finish within " + DEADLINE)))
        .onErrorMap(e -> !(e instanceof PerchException), e -> new UnavailableException("delivery_unavailable",
            "The message is stored but not yet delivered; retry with the same clientMsgId.", RETRY_AFTER, e));
  }
}
