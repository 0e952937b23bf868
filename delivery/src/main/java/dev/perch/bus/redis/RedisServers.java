package dev.perch.bus.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The Redis that the bus, the sequencer, the group leases and the membership share: one server
 * ({@link #single}) or a Redis Cluster ({@link #cluster}). Each of them uses the same keys either
 * way, and every key and channel of one user (or group, or the node registry) carries the same hash
 * tag ({@code {<userId>}}, {@code {<groupId>}}, {@code {nodes}}), so each script touches one slot and
 * a user's channel lives on the shard of its counter. The Lettuce client stays the caller's; it
 * decides timeouts and what happens to commands while disconnected. Immutable.
 */
public abstract sealed class RedisServers {

  /**
   * How long a cluster node may take to answer a connection's handshake or one topology request
   * (the seed URIs' timeout, which Lettuce applies to every node it discovers). Lettuce's default is
   * 60 s, and a topology read waits for every node it asked: one node connection whose handshake
   * answer is lost then stalls the read for 60 s plus the connect timeout, longer than a node's
   * start-up may take, and meanwhile that client refreshes nothing, so after a failover it keeps
   * routing to the dead master.
   */
  public static final Duration CLUSTER_NODE_TIMEOUT = Duration.ofSeconds(3);
  /** Connect timeout of every connection to a cluster node (Lettuce's default: 10 s). */
  public static final Duration CLUSTER_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private RedisServers() {}

  /**
   * The seed nodes of {@code uri} ({@code redis://h1:p1,h2:p2}, as {@code perch.redis.uri} takes it
   * with {@code perch.redis.cluster=true}), each with {@link #CLUSTER_NODE_TIMEOUT} unless the URI
   * names a timeout of its own ({@code ?timeout=}).
   */
  public static List<RedisURI> clusterSeeds(String uri) {
    URI parsed = URI.create(uri);
    List<RedisURI> seeds = RedisClusterURIUtil.toRedisURIs(parsed);
    if (parsed.getQuery() == null || !parsed.getQuery().contains("timeout=")) {
      seeds.forEach(seed -> seed.setTimeout(CLUSTER_NODE_TIMEOUT));
    }
    return seeds;
  }

  /** One Redis server at {@code uri}, through {@code client}. */
  public static RedisServers single(RedisClient client, RedisURI uri) {
    return new Single(client, uri);
  }

  /**
   * The Redis Cluster {@code client} was made for (its URIs are the seed nodes). Give it
   * {@link #clusterOptions}, or a failover is noticed late: the bus needs the topology refreshed to
   * move subscriptions to a promoted replica.
   */
  public static RedisServers cluster(RedisClusterClient client) {
    return new Cluster(client);
  }

  /**
   * Options for a cluster client of Perch: the topology read every {@code topologyRefresh}, and
   * again soon after a redirection or repeated reconnects (at most once a second); commands for a
   * node that is disconnected rejected at once, rather than queued until it comes back, so a send
   * whose sequencer shard is down is owed at once, and a subscription retried at the new master.
   * Connections to nodes give up after {@link #CLUSTER_CONNECT_TIMEOUT}; with seeds from
   * {@link #clusterSeeds} one topology read thus lasts a few seconds at most, whatever one node does.
   */
  public static ClusterClientOptions.Builder clusterOptions(Duration topologyRefresh) {
    return ClusterClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(CLUSTER_CONNECT_TIMEOUT).build())
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(topologyRefresh)
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
            .build())
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }

  /** Opens a command connection without blocking; the caller closes it. */
  public abstract Mono<RedisCommandConnection> connect();

  /** Opens the pub/sub link of a {@link RedisDeliveryBus}. */
  abstract Mono<PubSubLink> openLink(UserChannels channels);

  private static final class Single extends RedisServers {

    private final RedisClient client;
    private final RedisURI uri;

    Single(RedisClient client, RedisURI uri) {
      this.client = Objects.requireNonNull(client, "client");
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    @Override
    public Mono<RedisCommandConnection> connect() {
      return Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture())
          .map(RedisCommandConnection::of);
    }

    @Override
    Mono<PubSubLink> openLink(UserChannels channels) {
      return StandalonePubSubLink.connect(client, uri, channels);
    }
  }

  private static final class Cluster extends RedisServers {

    private final RedisClusterClient client;

    Cluster(RedisClusterClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Mono<RedisCommandConnection> connect() {
      return topology()
          .then(Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8)))
          .map(RedisCommandConnection::of);
    }

    @Override
    Mono<PubSubLink> openLink(UserChannels channels) {
      return topology().then(ShardedPubSubLink.connect(client, channels));
    }

    /** Lettuce connects to a cluster only once it has read the topology. */
    private Mono<Void> topology() {
      return Mono.fromCompletionStage(client::refreshPartitionsAsync);
    }
  }
}
