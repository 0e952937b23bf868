package dev.perch.api.config;

import dev.perch.cluster.Membership;
import dev.perch.cluster.NodeRecord;
import dev.perch.store.MessageStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.IntPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * This node as the cluster knows it ({@link NodeRecord}), and what it owns on the ring of live nodes:
 * the owed-delivery shards it sweeps. The {@link Membership} itself comes from the backend (this
 * node alone when embedded, the Redis registry when durable).
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

  @Bean
  NodeRecord thisNode(PerchProperties properties, Environment environment, Clock clock) {
    String address = properties.cluster().address();
    if (address.isBlank()) {
      address = "http://" + environment.getProperty("server.address", "127.0.0.1") + ":"
          + environment.getProperty("server.port", "8080");
    }
    Instant started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return new NodeRecord(properties.nodeId(), address, started, started);
  }

  /**
   * The owed shards whose key ({@code owed-shard-N}) the ring gives this node, asked anew on every
   * call; none while this node's registration has lapsed. Such a node is gone from the other nodes'
   * rings, which gave its shards to them, while its own view, unreadable, still holds the old ring:
   * sweeping on, it would take the delivery lease of each owed message again as soon as it expired,
   * fail to append it (what made its heartbeat fail fails its appends too), and so keep the node
   * that owns the shard now from ever finishing it.
   */
  @Bean
  IntPredicate ownedOwedShards(Membership membership) {
    return shard -> shard >= 0 && shard < MessageStore.OWED_SHARDS && membership.registered()
        && membership.ring().owner("owed-shard-" + shard) == membership.self();
  }
}
