package dev.perch.api.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import dev.perch.bus.redis.RedisBusOptions;
import dev.perch.bus.redis.RedisCommandConnection;
import dev.perch.bus.redis.RedisDeliveryBus;
import dev.perch.bus.redis.RedisGroupLeases;
import dev.perch.bus.redis.RedisMembership;
import dev.perch.bus.redis.RedisPresenceDirectory;
import dev.perch.bus.redis.RedisSequenceAllocator;
import dev.perch.bus.redis.RedisServers;
import dev.perch.cluster.NodeRecord;
import dev.perch.poll.WaiterRegistry;
import dev.perch.presence.PresenceDirectory;
import dev.perch.send.GroupLeases;
import dev.perch.store.GroupStore;
import dev.perch.store.MessageStore;
import dev.perch.store.SequenceAllocator;
import dev.perch.store.UpdateStore;
import dev.perch.store.cql.CqlGroupStore;
import dev.perch.store.cql.CqlMessageStore;
import dev.perch.store.cql.CqlSchema;
import dev.perch.store.cql.CqlSequenceSeeds;
import dev.perch.store.cql.CqlSessions;
import dev.perch.store.cql.CqlStoreOptions;
import dev.perch.store.cql.CqlUpdateStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/**
 * The durable backend: history and streams in ScyllaDB/Cassandra, wakes and seq allocation in
 * Redis (one server, or a Redis Cluster with {@code perch.redis.cluster=true}). Connections are
 * opened and the schema applied once, on the main thread while the application starts (blocking
 * there is fine and fails start-up fast when a service is missing).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "perch.backend", havingValue = "durable")
class DurableBackend {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  /** Bound on one seq allocation (one or two Redis round trips); a timed-out one leaves a hole. */
  private static final Duration SEQUENCE_TIMEOUT = Duration.ofSeconds(1);

  @Bean
  CqlStoreOptions cqlStoreOptions(PerchProperties properties) {
    PerchProperties.Cql cql = properties.cql();
    return CqlStoreOptions.defaults()
        .withKeyspace(cql.keyspace())
        .withReplication(cql.replication())
        .withConsistency(DefaultConsistencyLevel.valueOf(cql.consistency()))
        .withTimeouts(cql.requestTimeout(), cql.holeTimeout())
        .withUpdateRetention(cql.updateRetention())
        .withIdempotencyWindow(properties.retention().idempotencyWindow());
  }

  @Bean(destroyMethod = "close")
  CqlSession cqlSession(PerchProperties properties, CqlStoreOptions options) {
    PerchProperties.Cql cql = properties.cql();
    CqlSession session = CqlSessions.connect(
            CqlSessions.parseContactPoints(cql.contactPoints()), cql.localDatacenter(), options)
        .block(STARTUP_TIMEOUT);
    CqlSchema.apply(session, options).block(STARTUP_TIMEOUT);
    return session;
  }

  /** Lettuce's threads and timer, shared by both clients rather than made twice. */
  @Bean(destroyMethod = "shutdown")
  ClientResources redisResources() {
    return DefaultClientResources.create();
  }

  /**
   * The bus's Redis. One server: while disconnected, its commands wait for the reconnect (up to
   * their timeouts). A cluster: commands for a disconnected node are rejected at once, so a
   * subscription is retried at the master that took over ({@link RedisServers#clusterOptions}).
   */
  @Bean(destroyMethod = "close")
  RedisAccess redis(ClientResources redisResources, PerchProperties properties) {
    return RedisAccess.open(redisResources, properties.redis(), ClientOptions.builder(), clusterOptions(properties));
  }

  /**
   * The sequencer's own Redis: while Redis (on a cluster: the master of the user's slot) is
   * unreachable its commands fail at once, not after waiting for a reconnect, so a send records its
   * delivery as owed and answers at once.
   */
  @Bean(destroyMethod = "close")
  RedisAccess sequenceRedis(ClientResources redisResources, PerchProperties properties) {
    return RedisAccess.open(redisResources, properties.redis(),
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(SEQUENCE_TIMEOUT)),
        clusterOptions(properties).timeoutOptions(TimeoutOptions.enabled(SEQUENCE_TIMEOUT)));
  }

  private static ClusterClientOptions.Builder clusterOptions(PerchProperties properties) {
    return RedisServers.clusterOptions(properties.redis().topologyRefresh());
  }

  @Bean(destroyMethod = "close")
  RedisCommandConnection sequenceConnection(@Qualifier("sequenceRedis") RedisAccess redis) {
    return redis.servers().connect().block(STARTUP_TIMEOUT);
  }

  @Bean(destroyMethod = "close")
  RedisDeliveryBus deliveryBus(
      @Qualifier("redis") RedisAccess redis, WaiterRegistry waiters, PerchProperties properties) {
    RedisBusOptions options = RedisBusOptions.defaults()
        .withPrefix(properties.redis().prefix())
        .withLinger(properties.redis().linger());
    return RedisDeliveryBus.connect(redis.servers(), waiters, options).block(STARTUP_TIMEOUT);
  }

  @Bean
  SequenceAllocator sequenceAllocator(
      RedisCommandConnection sequenceConnection, CqlSession session, CqlStoreOptions options,
      PerchProperties properties) {
    CqlSequenceSeeds seeds = new CqlSequenceSeeds(session, options, properties.redis().seqJump());
    return new RedisSequenceAllocator(sequenceConnection, properties.redis().prefix(), seeds::seed);
  }

  /** On the sequencer's connection: a node that cannot reach Redis cannot append, nor renew its entry. */
  @Bean(initMethod = "start", destroyMethod = "close")
  RedisMembership membership(
      RedisCommandConnection sequenceConnection, PerchProperties properties, NodeRecord thisNode) {
    PerchProperties.Cluster cluster = properties.cluster();
    return new RedisMembership(sequenceConnection, properties.redis().prefix(), thisNode, cluster.heartbeat(),
        cluster.expiry(), cluster.refresh(), Schedulers.parallel());
  }

  @Bean
  MessageStore messageStore(CqlSession session, CqlStoreOptions options) {
    return new CqlMessageStore(session, options);
  }

  @Bean
  GroupStore groupStore(CqlSession session, CqlStoreOptions options) {
    return new CqlGroupStore(session, options);
  }

  /** On the sequencer's connection: while Redis is unreachable presence is not written, and lapses. */
  @Bean
  PresenceDirectory presenceDirectory(RedisCommandConnection sequenceConnection, PerchProperties properties) {
    return new RedisPresenceDirectory(sequenceConnection, properties.redis().prefix());
  }

  /** On the sequencer's connection: while Redis is unreachable no relay can append anyway. */
  @Bean
  GroupLeases groupLeases(RedisCommandConnection sequenceConnection, PerchProperties properties) {
    return new RedisGroupLeases(sequenceConnection, properties.redis().prefix());
  }

  @Bean
  UpdateStore updateStore(CqlSession session, CqlStoreOptions options, SequenceAllocator sequence) {
    return new CqlUpdateStore(session, options, sequence);
  }
}
