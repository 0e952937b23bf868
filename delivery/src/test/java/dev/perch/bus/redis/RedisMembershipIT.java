package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.cluster.NodeRecord;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** Three nodes' memberships on a real Redis: joining, a crash expiring, a clean leave, a return. */
class RedisMembershipIT {

  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration EXPIRY = Duration.ofSeconds(3);
  private static final Duration REFRESH = Duration.ofMillis(100);
  private static final String PREFIX = TestRedis.prefix(RedisMembershipIT.class);

  private static RedisClient client;
  private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
  private final List<RedisMembership> memberships = new ArrayList<>();

  @BeforeAll
  static void connect() {
    TestRedis.requireReachable();
    client = RedisClient.create();
  }

  @AfterAll
  static void shutdown() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }

  @AfterEach
  void stopNodes() {
    memberships.forEach(RedisMembership::close);
    connections.forEach(StatefulRedisConnection::close);
  }

  private StatefulRedisConnection<String, String> connection(int id) {
    StatefulRedisConnection<String, String> connection = client.connect(TestRedis.uri(TestRedis.clientName("node-" + id)));
    connections.add(connection);
    return connection;
  }

  private RedisMembership node(int id, StatefulRedisConnection<String, String> connection) {
    RedisMembership membership = new RedisMembership(RedisCommandConnection.of(connection), PREFIX,
        new NodeRecord(id, "http://127.0.0.1:" + (8080 + id), Instant.now(), Instant.now()), HEARTBEAT, EXPIRY,
        REFRESH, Schedulers.parallel());
    memberships.add(membership);
    membership.start();
    return membership;
  }

  private static List<Integer> ids(RedisMembership membership) {
    return membership.live().stream().map(NodeRecord::id).toList();
  }

  @Test
  void nodesSeeEachOtherLoseACrashedOneWithinTheExpiryAndAStoppedOneAtOnce() {
    RedisMembership one = node(1, connection(1));
    StatefulRedisConnection<String, String> twoConnection = connection(2);
    RedisMembership two = node(2, twoConnection);
    RedisMembership three = node(3, connection(3));
    await().atMost(Duration.ofSeconds(5)).until(() -> List.of(one, two, three).stream()
        .allMatch(node -> ids(node).equals(List.of(1, 2, 3)) && node.registered()));
    assertThat(one.live()).extracting(NodeRecord::address)
        .containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083");
    for (int i = 0; i < 1_000; i++) {
      String user = "user-" + i;
      assertThat(two.ring().owner(user)).isEqualTo(one.ring().owner(user)).isEqualTo(three.ring().owner(user));
    }

    twoConnection.close();
    await().atMost(EXPIRY.plusSeconds(2)).until(() -> ids(one).equals(List.of(1, 3)) && ids(three).equals(List.of(1, 3)));
    assertThat(two.registered()).as("a node whose heartbeats fail knows it").isFalse();
    assertThat(one.ring().nodes()).containsExactly(1, 3);

    three.close();
    await().atMost(EXPIRY.dividedBy(2)).until(() -> ids(one).equals(List.of(1)));

    RedisMembership back = node(2, connection(2));
    await().atMost(Duration.ofSeconds(5)).until(() -> ids(one).equals(List.of(1, 2)) && ids(back).equals(List.of(1, 2)));
  }
}
