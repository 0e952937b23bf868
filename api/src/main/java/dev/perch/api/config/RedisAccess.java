package dev.perch.api.config;

import dev.perch.bus.redis.RedisServers;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;

/**
 * A Lettuce client made from {@code perch.redis.*} (a {@link RedisClusterClient} for
 * {@code perch.redis.cluster=true}, else a {@link RedisClient}) and the {@link RedisServers} it
 * reaches. Closing shuts the client down, never the shared resources.
 */
record RedisAccess(AbstractRedisClient client, RedisServers servers) implements AutoCloseable {

  static RedisAccess open(
      ClientResources resources, PerchProperties.Redis redis, ClientOptions.Builder single,
      ClusterClientOptions.Builder cluster) {
    if (redis.cluster()) {
      RedisClusterClient client = RedisClusterClient.create(resources, RedisServers.clusterSeeds(redis.uri()));
      client.setOptions(cluster.build());
      return new RedisAccess(client, RedisServers.cluster(client));
    }
    RedisClient client = RedisClient.create(resources);
    client.setOptions(single.build());
    return new RedisAccess(client, RedisServers.single(client, RedisURI.create(redis.uri())));
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
