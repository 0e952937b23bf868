package dev.perch.bus.redis;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Redis the ITs run against: {@code redis://127.0.0.1:6379}, or {@code PERCH_REDIS_URI}. An IT
 * whose Redis is missing fails with {@link #requireReachable()}; it never skips.
 */
final class TestRedis {

  static final String URI = System.getenv().getOrDefault("PERCH_REDIS_URI", "redis://127.0.0.1:6379");

  private TestRedis() {}

  /** The URI, named {@code clientName} so that tests can find their connections in CLIENT LIST. */
  static RedisURI uri(String clientName) {
    return RedisURI.builder(RedisURI.create(URI)).withTimeout(Duration.ofSeconds(5)).withClientName(clientName).build();
  }

  /** Fails the calling test class at once, with a way out, unless Redis answers PING. */
  static void requireReachable() {
    RedisClient probe = RedisClient.create();
    try (StatefulRedisConnection<String, String> connection = probe.connect(uri("perch-it-probe"))) {
      connection.sync().ping();
    } catch (RuntimeException e) {
      throw new AssertionError("Redis is not reachable at " + URI + " (" + e.getMessage() + "). Start one with "
          + "'dev/redis.sh start', or point PERCH_REDIS_URI at one. Redis ITs fail rather than skip.", e);
    } finally {
      probe.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }

  /** A key and channel prefix no other test class or run uses. */
  static String prefix(Class<?> testClass) {
    return "perch-it:" + testClass.getSimpleName() + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** A client name no other test uses. */
  static String clientName(String role) {
    return "perch-it-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** How many connections Redis has subscribed to {@code channel}. */
  static long subscribers(StatefulRedisConnection<String, String> admin, String channel) {
    return admin.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
  }

  /**
   * Closes, from the server side, the pub/sub connections named {@code clientName}: the same as
   * {@code CLIENT KILL TYPE pubsub}, but only ours, since other test JVMs may share this Redis.
   *
   * @return how many connections were killed
   */
  static long killPubSubConnections(StatefulRedisConnection<String, String> admin, String clientName) {
    List<Map<String, String>> ours = Arrays.stream(admin.sync().clientList().split("\n"))
        .map(TestRedis::fields)
        .filter(client -> clientName.equals(client.get("name")) && client.getOrDefault("flags", "").contains("P"))
        .toList();
    long killed = 0;
    for (Map<String, String> client : ours) {
      killed += admin.sync().clientKill(KillArgs.Builder.id(Long.parseLong(client.get("id"))));
    }
    return killed;
  }

  private static Map<String, String> fields(String clientLine) {
    return Arrays.stream(clientLine.trim().split(" "))
        .map(field -> field.split("=", 2))
        .filter(pair -> pair.length == 2)
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1], (first, second) -> first));
  }
}
