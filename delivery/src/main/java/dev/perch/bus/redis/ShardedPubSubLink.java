package dev.perch.bus.redis;

import dev.perch.model.UserId;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubListener;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The link to a Redis Cluster, on sharded pub/sub: a user's wakes go by {@code SPUBLISH} to the
 * master of the channel's slot, and the channel is {@code SSUBSCRIBE}d there, on this link's pub/sub
 * connection to that master (one per master, Lettuce's node connections of one cluster pub/sub
 * connection). A channel's subscription lives on the master that holds its slot; the link remembers
 * where it put each one (its placement), and finds three ways to lose it:
 * <ul>
 *   <li>the connection to that master drops (the master died, or the network): wakes for the users
 *       placed there are lost, and {@link #connected()} is false while a dropped master still
 *       serves slots;
 *   <li>that connection comes back (the node restarted, empty): its users are subscribed again;
 *   <li>the topology changes (Lettuce's topology refresh, e.g. a replica promoted after its master's
 *       failure, or a slot migrated): every user whose slot now has another master is subscribed again
 *       there. Redis itself drops the subscriptions of a slot a live node gives up.
 * </ul>
 * The bus resyncs users it subscribes again (a wake with seq 0), since wakes published meanwhile
 * were lost. Each resubscription is one {@code SSUBSCRIBE} of one channel: Lettuce's own
 * re-subscription of a node connection sends all of its channels at once, which Redis refuses
 * ({@code CROSSSLOT}) when they hash to several slots, and logs as a warning.
 *
 * <p>The client should refresh its topology periodically and reject commands while a node is
 * disconnected ({@link RedisServers#clusterOptions}); otherwise a failover is noticed late.
 */
final class ShardedPubSubLink implements PubSubLink {

  private static final Logger log = LoggerFactory.getLogger(ShardedPubSubLink.class);

  /** Where a user's channel was last subscribed: a master, through this link's connection to it. */
  private record Placement(String nodeId, StatefulRedisPubSubConnection<String, String> connection) {}

  private final RedisClusterClient client;
  private final StatefulRedisClusterPubSubConnection<String, String> pubSub;
  private final StatefulRedisClusterConnection<String, String> commands;
  private final UserChannels channels;
  private final Map<UserId, Placement> placements = new ConcurrentHashMap<>();
  /** This link's node connections (by identity) and the node each one reaches. */
  private final Map<Object, String> nodeConnections = new ConcurrentHashMap<>();
  private final Set<String> downNodes = ConcurrentHashMap.newKeySet();
  private volatile SlotMasters masters;
  private volatile boolean connected = true;
  private Events events;
  private RedisConnectionStateListener nodeStates;
  private RedisClusterPubSubListener<String, String> messages;
  private Disposable topologyChanges;

  private ShardedPubSubLink(
      RedisClusterClient client, StatefulRedisClusterPubSubConnection<String, String> pubSub,
      StatefulRedisClusterConnection<String, String> commands, UserChannels channels) {
    this.client = client;
    this.pubSub = pubSub;
    this.commands = commands;
    this.channels = channels;
    this.masters = new SlotMasters(pubSub.getPartitions());
  }

  static Mono<PubSubLink> connect(RedisClusterClient client, UserChannels channels) {
    return Mono.fromFuture(() -> client.connectPubSubAsync(StringCodec.UTF8))
        .flatMap(pubSub -> Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8))
            .<PubSubLink>map(commands -> new ShardedPubSubLink(client, pubSub, commands, channels))
            .onErrorResume(error -> Mono.fromFuture(pubSub.closeAsync()).then(Mono.error(error))));
  }

  @Override
  public void start(Events events) {
    this.events = events;
    messages = new RedisClusterPubSubAdapter<>() {
      @Override
      public void smessage(RedisClusterNode node, String channel, String message) {
        events.message(channel, message);
      }
    };
    pubSub.addListener(messages);
    nodeStates = new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        String nodeId = nodeConnections.get(connection);
        if (nodeId != null && downNodes.remove(nodeId)) {
          log.info("pub/sub connection to cluster node {} ({}) re-established; subscribing its channels again",
              nodeId, address);
          updateConnected();
          events.resubscribe(user -> placedOn(user, nodeId));
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        String nodeId = nodeConnections.get(connection);
        if (nodeId != null && downNodes.add(nodeId)) {
          log.warn("pub/sub connection to cluster node {} lost; its users' polls read the store on their own "
              + "until their slots are served again", nodeId);
          updateConnected();
          events.lost(user -> placedOn(user, nodeId));
        }
      }
    };
    client.addListener(nodeStates);
    topologyChanges = client.getResources().eventBus().get()
        .ofType(ClusterTopologyChangedEvent.class)
        .subscribe(change -> topologyChanged(new SlotMasters(change.after())));
  }

  @Override
  public Mono<Void> subscribe(UserId user) {
    return Mono.defer(() -> {
      String channel = channels.channel(user);
      String nodeId = masters.masterOf(channel);
      if (nodeId == null) {
        return Mono.error(new RedisException("no cluster node serves the slot of " + channel));
      }
      return Mono.fromFuture(() -> pubSub.getConnectionAsync(nodeId)).flatMap(node -> {
        nodeConnections.putIfAbsent(node, nodeId);
        // A PING answered after the SSUBSCRIBE on the same connection proves Redis executed it (see
        // StandalonePubSubLink#subscribe).
        return node.reactive().ssubscribe(channel)
            .then(Mono.defer(() -> node.reactive().ping()))
            .doOnSuccess(pong -> placements.put(user, new Placement(nodeId, node)))
            .then();
      });
    });
  }

  /**
   * Unsubscribes where the channel was placed; a placement whose node no longer serves the slot is
   * just forgotten, as that node died or dropped the subscription with the slot.
   */
  @Override
  public Mono<Void> unsubscribe(UserId user) {
    return Mono.defer(() -> {
      Placement placement = placements.get(user);
      String channel = channels.channel(user);
      if (placement == null || !placement.nodeId().equals(masters.masterOf(channel))) {
        if (placement != null) {
          placements.remove(user, placement);
        }
        return Mono.empty();
      }
      return placement.connection().reactive().sunsubscribe(channel)
          .doOnSuccess(done -> placements.remove(user, placement));
    });
  }

  @Override
  public Mono<Void> publish(UserId user, String payload) {
    return Mono.defer(() -> commands.reactive().spublish(channels.channel(user), payload)).then();
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
      if (events != null) {
        topologyChanges.dispose();
        client.removeListener(nodeStates);
        pubSub.removeListener(messages);
      }
      return Mono.when(Mono.fromFuture(pubSub.closeAsync()), Mono.fromFuture(commands.closeAsync()));
    });
  }

  private void topologyChanged(SlotMasters now) {
    masters = now;
    updateConnected();
    events.resubscribe(user -> {
      Placement placement = placements.get(user);
      return placement == null || !placement.nodeId().equals(now.masterOf(channels.channel(user)));
    });
  }

  private boolean placedOn(UserId user, String nodeId) {
    Placement placement = placements.get(user);
    return placement != null && placement.nodeId().equals(nodeId);
  }

  /** Synchronized, so that of concurrent updates the last one computes from every change made before it. */
  private synchronized void updateConnected() {
    SlotMasters current = masters;
    connected = downNodes.stream().noneMatch(current::servesSlots);
  }
}
