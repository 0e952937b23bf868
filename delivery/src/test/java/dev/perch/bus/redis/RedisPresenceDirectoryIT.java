package dev.perch.bus.redis;

import dev.perch.presence.PresenceDirectory;
import dev.perch.presence.PresenceDirectoryContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The presence directory contract on a real Redis. */
class RedisPresenceDirectoryIT extends PresenceDirectoryContract {

  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void connect() {
    TestRedis.requireReachable();
    client = RedisClient.create();
    connection = client.connect(TestRedis.uri(TestRedis.clientName("presence")));
  }

  @AfterAll
  static void shutdown() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }

  @Override
  protected PresenceDirectory directory() {
    return new RedisPresenceDirectory(
        RedisCommandConnection.of(connection), TestRedis.prefix(RedisPresenceDirectoryIT.class));
  }
}
