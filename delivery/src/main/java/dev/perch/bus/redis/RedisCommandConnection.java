package dev.perch.bus.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * One command connection to {@link RedisServers}: to a single server, or to a Redis Cluster, where
 * each command goes to the master of its first key's slot (so every script's keys share one hash
 * tag). {@link #reactive()} is Lettuce's API common to both. Thread-safe; the connection is the
 * opener's to close.
 */
public final class RedisCommandConnection implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final StatefulConnection<String, String> connection;
  private final RedisClusterReactiveCommands<String, String> reactive;
  private final boolean cluster;

  private RedisCommandConnection(
      StatefulConnection<String, String> connection, RedisClusterReactiveCommands<String, String> reactive,
      boolean cluster) {
    this.connection = connection;
    this.reactive = reactive;
    this.cluster = cluster;
  }

  public static RedisCommandConnection of(StatefulRedisConnection<String, String> connection) {
    return new RedisCommandConnection(connection, connection.reactive(), false);
  }

  public static RedisCommandConnection of(StatefulRedisClusterConnection<String, String> connection) {
    return new RedisCommandConnection(connection, connection.reactive(), true);
  }

  /** The reactive commands; lazy publishers, as Lettuce's. */
  public RedisClusterReactiveCommands<String, String> reactive() {
    return reactive;
  }

  /** Whether this is a Redis Cluster connection. */
  public boolean cluster() {
    return cluster;
  }

  public Mono<Void> closeAsync() {
    return Mono.fromFuture(connection::closeAsync);
  }

  /** Blocking {@link #closeAsync()}, for shutdown and try-with-resources; not for event loops. */
  @Override
  public void close() {
    closeAsync().block(CLOSE_TIMEOUT);
  }
}
