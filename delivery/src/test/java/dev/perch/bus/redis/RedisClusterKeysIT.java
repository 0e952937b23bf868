package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.cluster.NodeRecord;
import dev.perch.model.ConversationId;
import dev.perch.model.UserId;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The sequencer, the group leases and the membership on a real Redis Cluster of their own, unchanged
 * but for the cluster connection: seqs in order for users on every shard, and a counter that a
 * failover may have left behind (the promoted replica's copy) restarting above the durable head,
 * both simulated and after a real master kill.
 */
class RedisClusterKeysIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration FAILOVER = Duration.ofSeconds(30);
  private static final String PREFIX = TestRedis.prefix(RedisClusterKeysIT.class);
  private static final long JUMP = 1_000;
  /** What the store would say is durable, per user; 0 when absent. The seed is that plus the jump. */
  private static final Map<UserId, Long> durable = new ConcurrentHashMap<>();

  private static TestRedisCluster cluster;
  private static RedisClusterClient client;
  private static RedisServers redis;
  private static RedisCommandConnection connection;
  private static RedisSequenceAllocator allocator;

  @BeforeAll
  static void start() {
    cluster = TestRedisCluster.start();
    client = cluster.client();
    redis = RedisServers.cluster(client);
    connection = redis.connect().block(DEADLINE);
    allocator = allocator(connection);
  }

  @AfterAll
  static void stop() {
    Cleanup.all(
        Cleanup.ifMade(connection, RedisCommandConnection::close),
        Cleanup.ifMade(client, made -> made.shutdown(Duration.ZERO, Duration.ofSeconds(5))),
        Cleanup.ifMade(cluster, TestRedisCluster::close));
  }

  private static RedisSequenceAllocator allocator(RedisCommandConnection on) {
    return new RedisSequenceAllocator(on, PREFIX, user -> Mono.fromSupplier(() -> durable.getOrDefault(user, 0L) + JUMP));
  }

  private static UserId freshUser() {
    return UserId.of("u-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static long next(UserId user) {
    return allocator.next(user).block(DEADLINE);
  }

  @Test
  void eachUsersSeqsAreDenseAndIncreasingOnEveryShard() {
    List<UserId> users = IntStream.range(0, 30).mapToObj(i -> freshUser()).toList();
    Set<Integer> masters = new HashSet<>();
    users.forEach(user -> masters.add(TestRedisCluster.masterPort(client, allocator.key(user))));
    assertThat(masters).as("30 users' counters spread over the three masters").hasSize(3);

    for (UserId user : users) {
      assertThat(LongStream.range(0, 3).map(i -> next(user)).toArray()).containsExactly(JUMP + 1, JUMP + 2, JUMP + 3);
    }
  }

  @Test
  void concurrentAllocationsFromTwoNodesAreDistinctAndDense() {
    UserId user = freshUser();
    try (RedisCommandConnection other = redis.connect().block(DEADLINE)) {
      RedisSequenceAllocator otherNode = allocator(other);
      List<Long> seqs = Flux.range(0, 400)
          .flatMap(i -> (i % 2 == 0 ? allocator : otherNode).next(user), 16)
          .collectList().block(DEADLINE);

      assertThat(new HashSet<>(seqs)).hasSize(400);
      assertThat(seqs).allSatisfy(seq -> assertThat(seq).isBetween(JUMP + 1, JUMP + 400));
    }
  }

  @Test
  void aCounterLastWrittenOnAnotherMasterRestartsAboveTheDurableHeadAndIsNeverLowered() {
    UserId user = freshUser();
    LongStream.range(0, 5).forEach(i -> next(user));
    durable.put(user, JUMP + 4);
    connection.reactive().set(allocator.key(user) + ":master", "a-master-that-failed").block(DEADLINE);

    assertThat(next(user)).as("seeded again: durable head plus the jump").isEqualTo(JUMP + 4 + JUMP + 1);
    assertThat(next(user)).as("fenced by this master from now on").isEqualTo(JUMP + 4 + JUMP + 2);

    durable.put(user, 0L);
    connection.reactive().set(allocator.key(user) + ":master", "a-master-that-failed").block(DEADLINE);
    assertThat(next(user)).as("a seed below the counter never lowers it").isEqualTo(JUMP + 4 + JUMP + 3);
  }

  @Test
  void afterItsMasterIsKilledAUsersSeqsGoOnAboveEverySeqHandedOut() {
    UserId user = freshUser();
    List<Long> before = new ArrayList<>(LongStream.range(0, 20).mapToObj(i -> next(user)).toList());
    long highest = before.get(before.size() - 1);
    durable.put(user, highest);
    int victim = TestRedisCluster.masterPort(client, allocator.key(user));

    try {
      cluster.kill(victim);
      long after = await().atMost(FAILOVER).pollInSameThread()
          .until(() -> allocator.next(user).onErrorResume(e -> Mono.empty()).block(DEADLINE), seq -> seq != null);

      assertThat(after).as("reseeded at the promoted replica").isEqualTo(highest + JUMP + 1);
      assertThat(TestRedisCluster.masterPort(client, allocator.key(user))).isNotEqualTo(victim);
    } finally {
      cluster.heal();
    }
  }

  @Test
  void groupLeasesAreExclusiveUntilReleased() {
    RedisGroupLeases leases = new RedisGroupLeases(connection, PREFIX);
    ConversationId group = ConversationId.newGroup(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));

    assertThat(leases.acquire(group, "a", Duration.ofSeconds(10)).block(DEADLINE)).isTrue();
    assertThat(leases.acquire(group, "b", Duration.ofSeconds(10)).block(DEADLINE)).isFalse();
    assertThat(leases.renew(group, "a", Duration.ofSeconds(10)).block(DEADLINE)).isTrue();
    leases.release(group, "a").block(DEADLINE);
    assertThat(leases.acquire(group, "b", Duration.ofSeconds(10)).block(DEADLINE)).isTrue();
  }

  @Test
  void twoNodesSeeEachOtherInTheMembership() {
    try (RedisCommandConnection other = redis.connect().block(DEADLINE);
        RedisMembership one = membership(1, connection);
        RedisMembership two = membership(2, other)) {
      one.start();
      two.start();
      await().atMost(DEADLINE).untilAsserted(() -> {
        assertThat(one.live()).extracting(NodeRecord::id).containsExactly(1, 2);
        assertThat(two.live()).extracting(NodeRecord::id).containsExactly(1, 2);
      });
    }
  }

  private static RedisMembership membership(int id, RedisCommandConnection on) {
    return new RedisMembership(on, PREFIX, new NodeRecord(id, "http://127.0.0.1:" + (8080 + id), Instant.now(),
        Instant.now()), Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofMillis(100), Schedulers.parallel());
  }
}
