package dev.perch.bus.redis;

import dev.perch.model.UserId;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * The link to one Redis server: one pub/sub connection multiplexing every channel, one ordinary
 * connection for PUBLISH. When Lettuce re-establishes the pub/sub connection, every subscription
 * may be gone (a restarted server has none), so every user is resubscribed.
 */
final class StandalonePubSubLink implements PubSubLink {

  private static final Logger log = LoggerFactory.getLogger(StandalonePubSubLink.class);

  private final RedisClient client;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final StatefulRedisConnection<String, String> commands;
  private final UserChannels channels;
  private RedisConnectionStateListener reconnects;
  private Disposable messages;
  private volatile boolean connected = true;

  private StandalonePubSubLink(
      RedisClient client, StatefulRedisPubSubConnection<String, String> pubSub,
      StatefulRedisConnection<String, String> commands, UserChannels channels) {
    this.client = client;
    this.pubSub = pubSub;
    this.commands = commands;
    this.channels = channels;
  }

  static Mono<PubSubLink> connect(RedisClient client, RedisURI uri, UserChannels channels) {
    return Mono.fromFuture(() -> client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture())
        .flatMap(pubSub -> Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture())
            .<PubSubLink>map(commands -> new StandalonePubSubLink(client, pubSub, commands, channels))
            .onErrorResume(error -> Mono.fromFuture(pubSub.closeAsync()).then(Mono.error(error))));
  }

  @Override
  public void start(Events events) {
    // Every message is handled synchronously on the event loop and demand is unbounded, so nothing
    // is ever buffered; BUFFER is named so that even a backlog would lose no wake.
    messages = pubSub.reactive()
        .observeChannels(FluxSink.OverflowStrategy.BUFFER)
        .subscribe(message -> events.message(message.getChannel(), message.getMessage()),
            error -> log.error("pub/sub message stream ended", error));
    reconnects = new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (connection == pubSub) {
          log.info("pub/sub connection to {} re-established; subscribing again", address);
          connected = true;
          events.resubscribe(user -> true);
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (connection == pubSub) {
          log.warn("pub/sub connection lost; parked polls read the store on their own until it is back");
          connected = false;
          events.lost(user -> true);
        }
      }
    };
    client.addListener(reconnects);
  }

  /**
   * Lettuce completes a SUBSCRIBE on the first subscribe confirmation it reads while that command
   * heads its queue, which after a reconnect can be one of its own multi-channel re-subscriptions
   * rather than ours. So a SUBSCRIBE counts as executed only once a PING sent after it is answered:
   * Redis answers a connection's commands in order.
   */
  @Override
  public Mono<Void> subscribe(UserId user) {
    return Mono.defer(() -> pubSub.reactive().subscribe(channels.channel(user)))
        .then(Mono.defer(() -> pubSub.reactive().ping()))
        .then();
  }

  @Override
  public Mono<Void> unsubscribe(UserId user) {
    return Mono.defer(() -> pubSub.reactive().unsubscribe(channels.channel(user)));
  }

  @Override
  public Mono<Void> publish(UserId user, String payload) {
    return Mono.defer(() -> commands.reactive().publish(channels.channel(user), payload)).then();
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public Mono<Void> ping() {
    return Mono.when(commands.reactive().ping(), pubSub.reactive().ping());
  }

  @Override
  public Mono<Void> close() {
    return Mono.defer(() -> {
      if (reconnects != null) {
        client.removeListener(reconnects);
        messages.dispose();
      }
      return Mono.when(Mono.fromFuture(pubSub.closeAsync()), Mono.fromFuture(commands.closeAsync()));
    });
  }
}
