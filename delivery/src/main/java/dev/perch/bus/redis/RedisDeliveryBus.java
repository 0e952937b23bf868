package dev.perch.bus.redis;

import dev.perch.bus.DeliveryBus;
import dev.perch.bus.WakeListener;
import dev.perch.error.UnavailableException;
import dev.perch.metrics.LatencyBuckets;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The delivery bus across nodes: one Redis pub/sub channel per user ({@code <prefix>u:{<userId>}},
 * hash-tagged by user), all multiplexed on one pub/sub connection per node (on a Redis Cluster, one
 * per master, with sharded pub/sub: {@code SPUBLISH}/{@code SSUBSCRIBE}), and one ordinary connection
 * for publishing (the payload is the seq and the publisher's clock, {@link WakePayload}; the hop's
 * time goes to the {@code perch.bus.wake.latency} timer of Micrometer's global registry).
 *
 * <p>Interest is counted per user: the first interest subscribes the channel and is emitted only
 * after Redis executed the SUBSCRIBE; interests taken meanwhile wait for that same SUBSCRIBE, later
 * ones are emitted at once. When the last one is released the channel lingers
 * ({@link RedisBusOptions#linger()}) so that a client's next poll finds it still subscribed, and is
 * unsubscribed only if no interest came back. A subscribe that fails or times out fails with
 * {@link UnavailableException} ({@code bus_unavailable}); cancelling it before it emits releases
 * the interest.
 *
 * <p>Wakes reach the {@link WakeListener} on a pub/sub connection's event loop, one at a time per
 * connection, in the order Redis sent them. When a pub/sub connection drops, the users whose
 * channels it carried get a wake with seq 0 at once (their parked polls read the store on their own
 * while {@link #connected()} is false). When Lettuce re-establishes it, or a Redis Cluster moves a
 * channel's slot to another master (a failover), every channel concerned that still has interest is
 * subscribed again, and then its user gets a wake with seq 0 ("read the store again"), because
 * wakes published in between were lost.
 *
 * <p>Thread-safe; publishers are lazy. Expects RESP3 (Redis 6 or later, Lettuce's default; sharded
 * pub/sub needs Redis 7). Closing releases the bus's connections, never the Redis client.
 */
public final class RedisDeliveryBus implements DeliveryBus, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisDeliveryBus.class);
  private static final int CONNECTION_RETRIES = 3;
  private static final Duration CONNECTION_RETRY_BACKOFF = Duration.ofMillis(50);

  private final PubSubLink link;
  private final UserChannels channels;
  private final WakeListener listener;
  private final RedisBusOptions options;
  private final Subscriptions subscriptions;
  private final Timer wakeLatency = Timer.builder("perch.bus.wake.latency")
      .description("From a wake's PUBLISH on one node to its arrival here (wall clocks)")
      .serviceLevelObjectives(LatencyBuckets.BOUNDS)
      .register(Metrics.globalRegistry);

  private RedisDeliveryBus(PubSubLink link, UserChannels channels, WakeListener listener, RedisBusOptions options) {
    this.link = link;
    this.channels = channels;
    this.listener = listener;
    this.options = options;
    this.subscriptions = new Subscriptions(
        new RetriedCommands(), options.linger(), options.retryDelay(), Schedulers.parallel(), user -> wake(user, 0));
    link.start(new PubSubLink.Events() {
      @Override
      public void message(String channel, String payload) {
        onMessage(channel, payload);
      }

      @Override
      public void lost(Predicate<UserId> users) {
        subscriptions.interested().stream().filter(users).forEach(user -> wake(user, 0));
      }

      @Override
      public void resubscribe(Predicate<UserId> users) {
        subscriptions.reconnected(users);
      }
    });
  }

  /**
   * Opens the bus's connections to {@code redis} without blocking. The bus is ready when the Mono
   * emits; {@link #close()} it when done. The client stays the caller's.
   */
  public static Mono<RedisDeliveryBus> connect(RedisServers redis, WakeListener listener, RedisBusOptions options) {
    UserChannels channels = new UserChannels(options.prefix());
    return redis.openLink(channels).map(link -> new RedisDeliveryBus(link, channels, listener, options));
  }

  @Override
  public Mono<Void> publish(UserId user, long seq) {
    return link.publish(user, new WakePayload(seq, System.currentTimeMillis()).encode())
        .timeout(options.commandTimeout());
  }

  /**
   * {@inheritDoc}
   *
   * <p>This node's waiters get the update at once, without the round trip through Redis; the wake
   * Redis then sends back here finds them past its seq and costs nothing more.
   */
  @Override
  public Mono<Void> publish(Update update) {
    return Mono.defer(() -> {
      listener.onUpdate(update);
      return publish(update.user(), update.seq());
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Hold the interest with {@code Mono.usingWhen} (as {@code PollService} does): a plain
   * subscriber cancelled at the very moment the interest is emitted may drop it undisposed, and the
   * channel would then stay subscribed until the bus closes.
   */
  @Override
  public Mono<Disposable> subscribe(UserId user) {
    return subscriptions.acquire(user).onErrorMap(
        error -> !(error instanceof UnavailableException),
        error -> new UnavailableException(
            "bus_unavailable", "The delivery bus could not subscribe to " + user + "'s wakes.",
            options.retryDelay(), error));
  }

  /**
   * False from the moment a pub/sub connection drops until Lettuce has re-established it, or (on a
   * Redis Cluster) until the slots of the master it reached are served by another one.
   */
  @Override
  public boolean connected() {
    return link.connected();
  }

  /**
   * Completes when the bus's connections answer PING within {@link RedisBusOptions#healthTimeout()};
   * fails otherwise. For health checks: cheap, and never waits longer than that timeout.
   */
  public Mono<Void> ping() {
    return link.ping().timeout(options.healthTimeout());
  }

  /** Closes the bus's connections; interests still waiting fail. The client stays open. */
  public Mono<Void> closeAsync() {
    return Mono.defer(() -> {
      subscriptions.close();
      return link.close();
    });
  }

  /** Blocking {@link #closeAsync()} for shutdown hooks and try-with-resources; not for event loops. */
  @Override
  public void close() {
    closeAsync().block(options.commandTimeout());
  }

  String channel(UserId user) {
    return channels.channel(user);
  }

  private void onMessage(String channel, String message) {
    UserId user;
    WakePayload payload;
    try {
      user = channels.user(channel);
      if (user == null) {
        return;
      }
      payload = WakePayload.parse(message);
    } catch (RuntimeException malformed) {
      log.warn("ignoring malformed wake on {}: '{}'", channel, message);
      return;
    }
    if (payload.publishedAtMillis() != WakePayload.NO_TIME) {
      wakeLatency.record(Math.max(0, System.currentTimeMillis() - payload.publishedAtMillis()), TimeUnit.MILLISECONDS);
    }
    wake(user, payload.seq());
  }

  private void wake(UserId user, long seq) {
    try {
      listener.onWake(user, seq);
    } catch (RuntimeException e) {
      log.error("wake listener failed for {} at seq {}", user, seq, e);
    }
  }

  /**
   * The link's commands, retried on a connection reset. Lettuce fails the command in flight when the
   * connection resets (the rest it replays after reconnecting), and both commands are idempotent: so
   * a reset costs a resend, not an error for every interest waiting on it. The short backoff lets the
   * reset be processed first, so the resend waits in Lettuce's buffer for the new connection; the
   * command timeout bounds it all.
   */
  private final class RetriedCommands implements Subscriptions.Commands {

    @Override
    public Mono<Void> subscribe(UserId user) {
      return withRetry("SUBSCRIBE", user, link.subscribe(user));
    }

    @Override
    public Mono<Void> unsubscribe(UserId user) {
      return withRetry("UNSUBSCRIBE", user, link.unsubscribe(user));
    }

    private Mono<Void> withRetry(String name, UserId user, Mono<Void> command) {
      return command
          .retryWhen(Retry.backoff(CONNECTION_RETRIES, CONNECTION_RETRY_BACKOFF)
              .filter(RedisDeliveryBus::isConnectionLoss))
          .timeout(options.commandTimeout())
          .doOnError(error -> log.warn("{} {} failed: {}", name, channel(user), error.toString()));
    }
  }

  private static boolean isConnectionLoss(Throwable error) {
    return error instanceof IOException || error instanceof RedisConnectionException;
  }
}
