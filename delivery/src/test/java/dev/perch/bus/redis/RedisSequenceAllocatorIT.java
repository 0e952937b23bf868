package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.UserId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Per-user seq allocation on a real Redis, including Redis losing the counter. */
class RedisSequenceAllocatorIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String PREFIX = TestRedis.prefix(RedisSequenceAllocatorIT.class);
  private static final long JUMP = 1_000;

  /** What the store would say is durable, per user; 0 when absent. The seed is that plus the jump. */
  private static final Map<UserId, Long> durable = new ConcurrentHashMap<>();

  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static StatefulRedisConnection<String, String> otherNode;
  private static RedisSequenceAllocator allocator;

  @BeforeAll
  static void connect() {
    TestRedis.requireReachable();
    client = RedisClient.create();
    connection = client.connect(TestRedis.uri(TestRedis.clientName("seq")));
    otherNode = client.connect(TestRedis.uri(TestRedis.clientName("seq-other")));
    allocator = allocator(connection);
  }

  @AfterAll
  static void disconnect() {
    List<String> keys = connection.sync().keys(PREFIX + "*");
    if (!keys.isEmpty()) {
      connection.sync().del(keys.toArray(String[]::new));
    }
    connection.close();
    otherNode.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }

  private static RedisSequenceAllocator allocator(StatefulRedisConnection<String, String> on) {
    return new RedisSequenceAllocator(
        RedisCommandConnection.of(on), PREFIX, user -> Mono.fromSupplier(() -> durable.getOrDefault(user, 0L) + JUMP));
  }

  private static UserId freshUser() {
    return UserId.of("u-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static long next(UserId user) {
    return allocator.next(user).block(DEADLINE);
  }

  /** {@code threads} threads, started together, each allocating {@code each} seqs for {@code user}. */
  private static List<Long> allocateConcurrently(List<RedisSequenceAllocator> nodes, UserId user, int threads, int each)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        RedisSequenceAllocator node = nodes.get(t % nodes.size());
        running.add(pool.submit(() -> {
          start.await();
          List<Long> got = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            got.add(node.next(user).block(DEADLINE));
          }
          return got;
        }));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> thread : running) {
        all.addAll(thread.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aUsersSeqsAreDenseAndIncreasingFromTheFirstSeed() {
    UserId user = freshUser();
    List<Long> seqs = LongStream.range(0, 5).mapToObj(i -> next(user)).toList();

    assertThat(seqs).containsExactly(JUMP + 1, JUMP + 2, JUMP + 3, JUMP + 4, JUMP + 5);
    assertThat(next(freshUser())).as("another user has its own counter").isEqualTo(JUMP + 1);
  }

  @Test
  void concurrentAllocationsForOneUserAreAllDistinctAndDense() throws Exception {
    UserId user = freshUser();

    List<Long> seqs = allocateConcurrently(List.of(allocator), user, 8, 500);

    assertThat(Set.copyOf(seqs)).hasSize(4_000);
    assertThat(seqs).allSatisfy(seq -> assertThat(seq).isBetween(JUMP + 1, JUMP + 4_000));
  }

  @Test
  void aLostCounterRestartsAboveTheDurableHeadPlusTheJump() {
    UserId user = freshUser();
    LongStream.range(0, 5).forEach(i -> next(user));
    durable.put(user, JUMP + 3);

    connection.sync().del(allocator.key(user));

    assertThat(next(user)).isEqualTo(JUMP + 3 + JUMP + 1);
    assertThat(next(user)).isEqualTo(JUMP + 3 + JUMP + 2);
  }

  @Test
  void aCounterUnderTheNameBeforeHashTagsIsIgnoredSoAnUpgradedNodeSeedsAboveTheDurableHead() {
    UserId user = freshUser();
    connection.sync().set(PREFIX + "seq:" + user.value(), "57");
    durable.put(user, 57L);

    assertThat(allocator.key(user)).isEqualTo(PREFIX + "seq:{" + user.value() + "}");
    assertThat(next(user)).isEqualTo(57 + JUMP + 1);
  }

  @Test
  void nodesFindingTheCounterLostTogetherStillNeverRepeat() throws Exception {
    UserId user = freshUser();
    long before = next(user);
    durable.put(user, before);
    connection.sync().del(allocator.key(user));

    List<Long> seqs = allocateConcurrently(List.of(allocator, allocator(otherNode)), user, 8, 100);

    assertThat(Set.copyOf(seqs)).hasSize(800);
    assertThat(seqs).allSatisfy(seq -> assertThat(seq).isBetween(before + JUMP + 1, before + JUMP + 800));
  }

  @Test
  void aFailedDurableHeadReadFailsTheAllocationAndLeavesTheCounterMissing() {
    UserId user = freshUser();
    RedisSequenceAllocator storeDown = new RedisSequenceAllocator(RedisCommandConnection.of(connection), PREFIX,
        u -> Mono.error(new IllegalStateException("store down")));

    StepVerifier.create(storeDown.next(user)).expectErrorMessage("store down").verify(DEADLINE);
    assertThat(connection.sync().exists(storeDown.key(user))).isZero();
  }

  @Test
  void allocationWorksAfterRedisForgotTheScripts() {
    UserId user = freshUser();
    next(user);

    // Server-wide, but harmless to anyone sharing this Redis: every client must already cope with
    // NOSCRIPT, since a restarted or failed-over Redis has no scripts either.
    connection.sync().scriptFlush();

    assertThat(next(user)).isEqualTo(JUMP + 2);
    assertThat(next(freshUser())).isEqualTo(JUMP + 1);
  }
}
