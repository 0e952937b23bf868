package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.UserId;
import dev.perch.store.ClaimCache.Claim;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Idempotency claims on a real Redis: one winner, and distrust after Redis lost its keys or was bypassed. */
class RedisClaimCacheIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration WINDOW = Duration.ofHours(24);
  private static final AtomicLong IDS = new AtomicLong(1_000);
  private static final Instant SENT_AT = Instant.parse("2026-12-02T10:00:00Z");

  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static StatefulRedisConnection<String, String> otherNode;

  private final String prefix = TestRedis.prefix(RedisClaimCacheIT.class);
  private final AtomicReference<Instant> now = new AtomicReference<>(SENT_AT);
  /** The store's "has this cache ever held an epoch": true once, as CqlClaimEpochs answers. */
  private final AtomicBoolean neverUsed = new AtomicBoolean(true);

  @BeforeAll
  static void connect() {
    TestRedis.requireReachable();
    client = RedisClient.create();
    connection = client.connect(TestRedis.uri(TestRedis.clientName("claims")));
    otherNode = client.connect(TestRedis.uri(TestRedis.clientName("claims-other")));
  }

  @AfterAll
  static void disconnect() {
    connection.close();
    otherNode.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }

  @AfterEach
  void deleteKeys() {
    loseEverything();
  }

  @Test
  void theFirstClaimWinsAndALaterOneLearnsTheHolder() {
    RedisClaimCache cache = cache(connection);
    Message first = message("alice", "k1");
    Message repeat = message("alice", "k1");

    assertThat(claim(cache, first)).isEqualTo(new Claim(first.id(), true));
    assertThat(claim(cache, repeat)).isEqualTo(new Claim(first.id(), true));
    assertThat(claim(cache, message("bob", "k1")).holder()).as("another sender's key").isNotEqualTo(first.id());
  }

  @Test
  void ofConcurrentClaimsOnTwoNodesExactlyOneWins() throws Exception {
    List<RedisClaimCache> nodes = List.of(cache(connection), cache(otherNode));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Message> attempts = new ArrayList<>();
      List<Future<Claim>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Message attempt = message("carol", "same");
        RedisClaimCache node = nodes.get(i % 2);
        attempts.add(attempt);
        claims.add(pool.submit(() -> {
          start.await();
          return claim(node, attempt);
        }));
      }
      start.countDown();
      Set<Long> holders = new HashSet<>();
      for (Future<Claim> claim : claims) {
        holders.add(claim.get().holder());
      }

      assertThat(holders).hasSize(1);
      assertThat(attempts.stream().map(Message::id).collect(Collectors.toSet())).containsAll(holders);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void afterRedisLostItsKeysEveryClaimIsDistrustedForTheWindow() {
    RedisClaimCache cache = cache(connection);
    claim(cache, message("dave", "k1"));
    loseEverything();

    Message repeat = message("dave", "k1");
    assertThat(claim(cache, repeat)).as("the key is gone, and so is the trust").isEqualTo(new Claim(repeat.id(), false));
    assertThat(claim(cache(otherNode), message("dave", "k2")).trusted()).as("on every node").isFalse();

    now.set(now.get().plus(WINDOW));
    assertThat(claim(cache, message("dave", "k3")).trusted()).isTrue();
  }

  @Test
  void aNodeThatBypassedTheCacheMakesEveryNodeDistrustIt() {
    RedisClaimCache bypassing = cache(connection);
    RedisClaimCache other = cache(otherNode);
    assertThat(claim(bypassing, message("erin", "k1")).trusted()).isTrue();

    bypassing.bypassed();

    assertThat(claim(bypassing, message("erin", "k2")).trusted()).isFalse();
    assertThat(claim(other, message("erin", "k3")).trusted()).isFalse();
    now.set(now.get().plus(WINDOW));
    assertThat(claim(other, message("erin", "k4")).trusted()).isTrue();
  }

  private RedisClaimCache cache(StatefulRedisConnection<String, String> on) {
    return new RedisClaimCache(on, prefix, WINDOW, () -> now.get(), () -> Mono.fromSupplier(() -> neverUsed.getAndSet(false)));
  }

  private static Claim claim(RedisClaimCache cache, Message message) {
    return cache.claim(message).block(DEADLINE);
  }

  /** What a Redis restart without persistence does to this test's keys (FLUSHALL would hit other test JVMs too). */
  private void loseEverything() {
    List<String> keys = connection.sync().keys(prefix + "*");
    if (!keys.isEmpty()) {
      connection.sync().del(keys.toArray(String[]::new));
    }
  }

  private static Message message(String from, String clientMsgId) {
    UserId sender = UserId.of(from);
    UserId to = UserId.of("zed-" + UUID.randomUUID().toString().substring(0, 4));
    return new Message(IDS.incrementAndGet(), ConversationId.direct(sender, to), sender, to, "hi", clientMsgId, SENT_AT);
  }
}
