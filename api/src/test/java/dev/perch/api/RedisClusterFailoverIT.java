package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.perch.bus.redis.Cleanup;
import dev.perch.bus.redis.RedisDeliveryBus;
import dev.perch.bus.redis.TestRedisCluster;
import dev.perch.model.UserId;
import dev.perch.store.cql.SchemaRefresh;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * Two Perch nodes on a Redis Cluster of their own (perch.redis.cluster=true) and the shared
 * Cassandra: a send on one node wakes a poll parked on the other, and when the master serving the
 * recipient's slot is killed while messages keep coming, every acknowledged message reaches the
 * recipient exactly once, in one order (sends meanwhile are owed, as while a single Redis is down),
 * and once the replica took over, deliveries are wake-driven again.
 */
class RedisClusterFailoverIT {

  private static final String NAMESPACE = "perch_rcluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final Duration DELIVERY = Duration.ofSeconds(90);
  private static final AtomicLong CLIENT_MSG_IDS = new AtomicLong();
  private static TestRedisCluster cluster;
  private static PerchNode nodeA;
  private static PerchNode nodeB;

  private record Received(long seq, String text, long atNanos) {}

  @BeforeAll
  static void start() {
    cluster = TestRedisCluster.start();
    nodeA = node(1);
    nodeB = node(2);
  }

  private static PerchNode node(int id) {
    return PerchNode.durable(id, NAMESPACE, "--perch.redis.cluster=true", "--perch.redis.uri=" + cluster.uri(),
        "--perch.redis.topology-refresh=1s");
  }

  @AfterAll
  static void stop() {
    // Also after a failed start: whatever was made is closed, and the cluster always stopped.
    Cleanup.all(
        Cleanup.ifMade(nodeA, node -> {
          CqlSession session = node.bean(CqlSession.class);
          session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + NAMESPACE)
              .setTimeout(Duration.ofSeconds(30)));
          SchemaRefresh.settle(session);
        }),
        Cleanup.ifMade(nodeB, node -> SchemaRefresh.settle(node.bean(CqlSession.class))),
        Cleanup.ifMade(nodeA, PerchNode::close),
        Cleanup.ifMade(nodeB, PerchNode::close),
        Cleanup.ifMade(cluster, TestRedisCluster::close));
  }

  private static String token(String user) {
    return ApiTestSupport.TOKENS.mint(UserId.of(user), Instant.now(), Duration.ofMinutes(10));
  }

  /** A send as clients are told to make it: a 503 is retried with the same clientMsgId. */
  private static Mono<JsonNode> send(PerchNode node, String from, String to, String text) {
    return WebClient.create(node.url()).post().uri("/v1/messages")
        .headers(h -> h.setBearerAuth(token(from)))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("to", to, "text", text, "clientMsgId", NAMESPACE + "-" + CLIENT_MSG_IDS.incrementAndGet()))
        .retrieve().bodyToMono(JsonNode.class)
        .retryWhen(Retry.backoff(30, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1))
            .filter(WebClientResponseException.ServiceUnavailable.class::isInstance));
  }

  /**
   * {@code user}'s device on {@code node}: polls again and again from the cursor it was given and
   * records every update; an error answer is retried from the same cursor.
   */
  private static Disposable device(PerchNode node, String user, Queue<Received> received) {
    AtomicReference<String> cursor = new AtomicReference<>("0");
    return Mono.defer(() -> WebClient.create(node.url()).get().uri("/v1/updates?cursor=" + cursor.get() + "&timeout=5")
            .headers(h -> h.setBearerAuth(token(user)))
            .retrieve().bodyToMono(JsonNode.class))
        .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1))
            .filter(WebClientResponseException.class::isInstance))
        .doOnNext(answer -> {
          long now = System.nanoTime();
          answer.get("updates").forEach(update -> received.add(
              new Received(update.get("seq").asLong(), update.get("message").get("text").asText(), now)));
          cursor.set(answer.get("cursor").asText());
        })
        .repeat()
        .subscribe();
  }

  private static List<String> texts(Queue<Received> received) {
    return received.stream().map(Received::text).toList();
  }

  @Test
  void healthSeesTheClusterAndTheMembershipOnIt() {
    JsonNode health = WebClient.create(nodeA.url()).get().uri("/actuator/health")
        .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(10));

    assertThat(health.get("components").get("redis").get("status").asText()).isEqualTo("UP");
    await().atMost(Duration.ofSeconds(10)).until(() -> WebClient.create(nodeB.url()).get().uri("/v1/nodes")
        .headers(h -> h.setBearerAuth(token("ops"))).retrieve().bodyToMono(JsonNode.class)
        .block(Duration.ofSeconds(5)).get("nodes").size() == 2);
  }

  @Test
  void aSendOnOneNodeWakesAPollParkedOnTheOther() {
    String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    Queue<Received> received = new ConcurrentLinkedQueue<>();
    Disposable device = device(nodeB, bob, received);
    try {
      send(nodeA, "alice", bob, "first").block(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(10)).until(() -> texts(received).contains("first"));

      List<Long> lags = lags(bob, received, "later", 5);
      assertThat(lags.get(lags.size() / 2)).as("median lag in ms, all %s", lags).isLessThan(200);
    } finally {
      device.dispose();
    }
  }

  /** Sends {@code rounds} messages one after another, each once the last arrived; their lags in ms, sorted. */
  private static List<Long> lags(String to, Queue<Received> received, String text, int rounds) {
    List<Long> lags = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      String message = text + " " + round;
      long sentAt = System.nanoTime();
      send(nodeA, "alice", to, message).block(Duration.ofSeconds(10));
      Received arrived = await().atMost(Duration.ofSeconds(10)).until(
          () -> received.stream().filter(r -> r.text().equals(message)).findFirst().orElse(null), r -> r != null);
      lags.add(Math.max(0, (arrived.atNanos() - sentAt) / 1_000_000));
    }
    Collections.sort(lags);
    return lags;
  }

  @Test
  void everyAcknowledgedMessageArrivesExactlyOnceInOneOrderAcrossAFailoverOfTheRecipientsMaster() {
    String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    Queue<Received> received = new ConcurrentLinkedQueue<>();
    List<String> acknowledged = new ArrayList<>();
    int victim;
    try (RedisClusterClient admin = cluster.client()) {
      victim = TestRedisCluster.masterPort(admin, "{" + bob + "}");
    }
    Disposable device = device(nodeB, bob, received);
    try {
      acknowledged.addAll(sendAll(bob, 0, 10));
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 10);

      cluster.kill(victim);
      acknowledged.addAll(sendAll(bob, 10, 40));

      await().atMost(DELIVERY).untilAsserted(() ->
          assertThat(texts(received)).containsExactlyInAnyOrderElementsOf(acknowledged));
      await().atMost(DELIVERY).until(() -> bus(nodeA).connected() && bus(nodeB).connected());
      List<Long> lags = lags(bob, received, "after the failover", 5);
      assertThat(lags.get(lags.size() / 2)).as("median lag in ms after the failover, all %s", lags).isLessThan(200);

      List<String> all = new ArrayList<>(acknowledged);
      for (int round = 0; round < 5; round++) {
        all.add("after the failover " + round);
      }
      assertThat(texts(received)).as("each exactly once").containsExactlyInAnyOrderElementsOf(all);
      assertThat(received.stream().map(Received::seq).toList()).as("one order").isSorted().doesNotHaveDuplicates();
    } finally {
      device.dispose();
      cluster.heal();
    }
  }

  /** Sends m{from}..m{until - 1} from alice to {@code to}, 100 ms apart, alternating nodes; the texts acknowledged. */
  private static List<String> sendAll(String to, int from, int until) {
    return Flux.range(from, until - from)
        .concatMap(i -> Mono.delay(Duration.ofMillis(100))
            .then(send(i % 2 == 0 ? nodeA : nodeB, "alice", to, "m" + i))
            .map(message -> message.get("text").asText()))
        .collectList()
        .block(DELIVERY);
  }

  private static RedisDeliveryBus bus(PerchNode node) {
    return node.bean(RedisDeliveryBus.class);
  }
}
