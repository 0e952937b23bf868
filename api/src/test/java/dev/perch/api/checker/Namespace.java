package dev.perch.api.checker;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.perch.store.cql.CqlSessions;
import dev.perch.store.cql.SchemaRefresh;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A run's own CQL keyspace and Redis key prefix, so it shares the local services with other tests
 * without seeing their data. {@link #drop} removes both. Blocking; test threads only.
 */
final class Namespace {

  private static final Duration DROP_TIMEOUT = Duration.ofSeconds(30);

  private Namespace() {}

  static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  /** Drops the keyspace and deletes the Redis keys under {@code name + ":"}. */
  static void drop(String name) {
    String contactPoints = Objects.requireNonNullElse(System.getenv("PERCH_CQL_CONTACT_POINTS"), "127.0.0.1:9042");
    try (CqlSession session = CqlSession.builder()
        .addContactPoints(CqlSessions.parseContactPoints(contactPoints))
        .withLocalDatacenter(CqlSessions.DEFAULT_DATACENTER)
        .build()) {
      session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + name).setTimeout(DROP_TIMEOUT));
      // Let the driver finish the metadata refresh the drop triggered before the session closes.
      SchemaRefresh.settle(session);
    }
    RedisClient client = RedisClient.create(Objects.requireNonNullElse(System.getenv("PERCH_REDIS_URI"),
        "redis://127.0.0.1:6379"));
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      List<String> keys = redis.sync().keys(name + ":*");
      if (!keys.isEmpty()) {
        redis.sync().del(keys.toArray(String[]::new));
      }
    } finally {
      client.shutdown();
    }
  }
}
