package dev.perch.bus.redis;

import dev.perch.bus.DeliveryBus;
import dev.perch.bus.WakeListener;
import dev.perch.error.UnavailableException;
import dev.perch.metrics.LatencyBuckets;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.reactive.ChannelMessage;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The delivery bus across nodes: one Redis pub/sub channel per user ({@code <prefix>u:<userId>}),
 * all multiplexed on one pub/sub connection per node, and one ordinary connection for PUBLISH (the
 * payload is the seq and the publisher's clock, {@link WakePayload}; the hop's time goes to the
 * {@code perch.bus.wake.latency} timer of Micrometer's global registry).
 *
 * <p>Interest is counted per user: the first interest subscribes the channel and is emitted only
 * after Redis executed the SUBSCRIBE; interests taken meanwhile wait for that same SUBSCRIBE, later
 * ones are emitted at once. When the last one is released the channel lingers
 * ({@link RedisBusOptions#linger()}) so that a client's next poll finds it still subscribed, and is
 * unsubscribed only if no interest came back. A subscribe that fails or times out fails with
 * {@link UnavailableException} ({@code bus_unavailable}); cancelling it before it emits releases
 * the interest.
 *
 * <p>Wakes reach the {@link WakeListener} on the pub/sub connection's event loop, one at a time, in
 * the order Redis sent them. When Lettuce re-establishes a lost pub/sub connection, every channel
 * that still has interest is subscribed again, and then its user gets a wake with seq 0 ("read the
 * store again"), because wakes published while the connection was down were lost.
 *
 * <p>Thread-safe; publishers are lazy. Expects RESP3 (Redis 6 or later, Lettuce's default).
 * Closing releases the bus's two connections, never the {@link RedisClient}.
 */
public final class RedisDeliveryBus implements DeliveryBus, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisDeliveryBus.class);
  private static final int CONNECTION_RETRIES = 3;
  private static final Duration CONNECTION_RETRY_BACKOFF = Duration.ofMillis(50);

  private final RedisClient client;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final StatefulRedisConnection<String, String> commands;
  private final WakeListener listener;
  private final RedisBusOptions options;
  private final String channelPrefix;
  private final Subscriptions subscriptions;
  private final RedisConnectionStateListener reconnects;
  private final Disposable messages;
  private final Timer wakeLatency = Timer.builder("perch.bus.wake.latency")
      .description("From a wake's PUBLISH on one node to its arrival here (wall clocks)")
      .serviceLevelObjectives(LatencyBuckets.BOUNDS)
      .register(Metrics.globalRegistry);
  private volatile boolean connected = true;

  private RedisDeliveryBus(
      RedisClient client,
      StatefulRedisPubSubConnection<String, String> pubSub,
      StatefulRedisConnection<String, String> commands,
      WakeListener listener,
      RedisBusOptions options) {
    this.client = client;
    this.pubSub = pubSub;
    this.commands = commands;
    this.listener = listener;
    this.options = options;
    this.channelPrefix = options.prefix() + "u:";
    this.subscriptions = new Subscriptions(
        new PubSubCommands(), options.linger(), options.retryDelay(), Schedulers.parallel(), user -> wake(user, 0));
    // Every wake is handled synchronously on the event loop and demand is unbounded, so nothing is
    // ever buffered; BUFFER is named so that even a backlog would lose no wake.
    this.messages = pubSub.reactive()
        .observeChannels(FluxSink.OverflowStrategy.BUFFER)
        .subscribe(this::onMessage, error -> log.error("pub/sub message stream ended", error));
    this.reconnects = new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (connection == pubSub) {
          log.info("pub/sub connection to {} re-established; subscribing again", address);
          connected = true;
          subscriptions.reconnected();
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (connection == pubSub) {
          log.warn("pub/sub connection lost; parked polls read the store on their own until it is back");
          connected = false;
          subscriptions.interested().forEach(user -> wake(user, 0));
        }
      }
    };
    client.addListener(reconnects);
  }

  /**
   * Opens the bus's two connections to {@code uri} without blocking. The bus is ready when the Mono
   * emits; {@link #close()} it when done. The client stays the caller's.
   */
  public static Mono<RedisDeliveryBus> connect(
      RedisClient client, RedisURI uri, WakeListener listener, RedisBusOptions options) {
    return Mono.fromFuture(() -> client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture())
        .flatMap(pubSub -> Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture())
            .map(commands -> new RedisDeliveryBus(client, pubSub, commands, listener, options))
            .onErrorResume(error -> Mono.fromFuture(pubSub.closeAsync()).then(Mono.error(error))));
  }

  @Override
  public Mono<Void> publish(UserId user, long seq) {
    return Mono.defer(() -> commands.reactive().publish(
            channel(user), new WakePayload(seq, System.currentTimeMillis()).encode()))
        .timeout(options.commandTimeout())
        .then();
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

  /** False from the moment the pub/sub connection drops until Lettuce has re-established it. */
  @Override
  public boolean connected() {
    return connected;
  }

  /**
   * Completes when both connections answer PING within {@link RedisBusOptions#healthTimeout()};
   * fails otherwise. For health checks: cheap, and never waits longer than that timeout.
   */
  public Mono<Void> ping() {
    return Mono.when(commands.reactive().ping(), pubSub.reactive().ping()).timeout(options.healthTimeout());
  }

  /** Closes the bus's connections; interests still waiting fail. The client stays open. */
  public Mono<Void> closeAsync() {
    return Mono.defer(() -> {
      client.removeListener(reconnects);
      messages.dispose();
      subscriptions.close();
      return Mono.when(Mono.fromFuture(pubSub.closeAsync()), Mono.fromFuture(commands.closeAsync()));
    });
  }

  /** Blocking {@link #closeAsync()} for shutdown hooks and try-with-resources; not for event loops. */
  @Override
  public void close() {
    closeAsync().block(options.commandTimeout());
  }

  String channel(UserId user) {
    return channelPrefix + user.value();
  }

  private void onMessage(ChannelMessage<String, String> message) {
    String channel = message.getChannel();
    if (!channel.startsWith(channelPrefix)) {
      return;
    }
    UserId user;
    WakePayload payload;
    try {
      user = UserId.of(channel.substring(channelPrefix.length()));
      payload = WakePayload.parse(message.getMessage());
    } catch (RuntimeException malformed) {
      log.warn("ignoring malformed wake on {}: '{}'", channel, message.getMessage());
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
   * Commands on the pub/sub connection. Lettuce completes a SUBSCRIBE on the first subscribe
   * confirmation it reads while that command heads its queue, which after a reconnect can be one of
   * its own multi-channel re-subscriptions rather than ours. So a SUBSCRIBE counts as executed only
   * once a PING sent after it is answered: Redis answers a connection's commands in order.
   */
  private final class PubSubCommands implements Subscriptions.Commands {

    @Override
    public Mono<Void> subscribe(UserId user) {
      return withRetry("SUBSCRIBE", user, Mono.defer(() -> pubSub.reactive().subscribe(channel(user)))
          .then(Mono.defer(() -> pubSub.reactive().ping()))
          .then());
    }

    @Override
    public Mono<Void> unsubscribe(UserId user) {
      return withRetry("UNSUBSCRIBE", user, Mono.defer(() -> pubSub.reactive().unsubscribe(channel(user))));
    }

    /**
     * Lettuce fails the command in flight when the connection resets (the rest it replays after
     * reconnecting), and both commands are idempotent: so a reset costs a resend, not an error for
     * every interest waiting on it. The short backoff lets the reset be processed first, so the resend
     * waits in Lettuce's buffer for the new connection; the command timeout bounds it all.
     */
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
