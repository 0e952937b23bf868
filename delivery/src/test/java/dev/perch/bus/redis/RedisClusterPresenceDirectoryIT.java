package dev.perch.bus.redis;

import dev.perch.presence.PresenceDirectory;
import dev.perch.presence.PresenceDirectoryContract;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The presence directory contract on a real Redis Cluster of its own: its keys spread over the shards. */
class RedisClusterPresenceDirectoryIT extends PresenceDirectoryContract {

  private static TestRedisCluster cluster;
  private static RedisClusterClient client;
  private static RedisCommandConnection connection;

  @BeforeAll
  static void connect() {
    cluster = TestRedisCluster.start();
    client = cluster.client();
    connection = RedisServers.cluster(client).connect().block(Duration.ofSeconds(10));
  }

  @AfterAll
  static void shutdown() {
    Cleanup.all(
        Cleanup.ifMade(connection, RedisCommandConnection::close),
        Cleanup.ifMade(client, made -> made.shutdown(Duration.ZERO, Duration.ofSeconds(5))),
        Cleanup.ifMade(cluster, TestRedisCluster::close));
  }

  @Override
  protected PresenceDirectory directory() {
    return new RedisPresenceDirectory(connection, TestRedis.prefix(RedisClusterPresenceDirectoryIT.class));
  }
}
