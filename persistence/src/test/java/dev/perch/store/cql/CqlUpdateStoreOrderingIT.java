package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.error.UnavailableException;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import dev.perch.store.SequenceAllocator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The ordering guarantee of {@link CqlUpdateStore} against a real node: holes are waited for and
 * crossed only after the hole timeout or at a skip marker, reads cross bucket boundaries, and a
 * cursor older than the retention reads from the oldest retained update.
 */
class CqlUpdateStoreOrderingIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final AtomicLong MESSAGE_IDS = new AtomicLong(1);
  private static CqlTestKeyspace keyspace;

  @BeforeAll
  static void openKeyspace() {
    keyspace = CqlTestKeyspace.open();
  }

  @AfterAll
  static void dropKeyspace() {
    if (keyspace != null) {
      keyspace.close();
    }
  }

  @Test
  void aHoleIsNotCrossedBeforeTheHoleTimeoutAndIsAfterIt() {
    Duration holeTimeout = Duration.ofSeconds(2);
    CqlUpdateStore store = store(options().withTimeouts(Duration.ofMillis(500), holeTimeout), new ScriptedSequence(2));
    UserId bob = freshUser("bob");
    Instant beforeAppend = Instant.now();

    assertThat(append(store, bob).seq()).isEqualTo(2);
    assertThat(seqsAfter(store, bob, 0)).isEmpty();
    assertThat(store.head(bob).block(DEADLINE)).isEqualTo(2);

    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
        .until(() -> seqsAfter(store, bob, 0).equals(List.of(2L)));
    assertThat(Duration.between(beforeAppend, Instant.now())).isGreaterThanOrEqualTo(holeTimeout);
  }

  @Test
  void aLateWriteFillsItsHoleAndBothAreReadInSeqOrder() {
    CqlUpdateStore store = store(options(), new ScriptedSequence(2, 1));
    UserId bob = freshUser("bob");
    Update second = append(store, bob);
    assertThat(seqsAfter(store, bob, 0)).isEmpty();

    Update first = append(store, bob);

    assertThat(store.readAfter(bob, 0, 10).collectList().block(DEADLINE)).containsExactly(first, second);
    assertThat(store.head(bob).block(DEADLINE)).as("a lower seq never lowers the head").isEqualTo(2);
  }

  @Test
  void aSkipMarkerIsPassedAtOnceAndNeverReturned() {
    CqlUpdateStore store = store(options().withTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(1)),
        new ScriptedSequence(2, 4));
    UserId bob = freshUser("bob");
    append(store, bob);
    assertThat(seqsAfter(store, bob, 0)).isEmpty();

    store.markSkipped(bob, 1).block(DEADLINE);
    assertThat(seqsAfter(store, bob, 0)).containsExactly(2L);

    store.markSkipped(bob, 3).block(DEADLINE);
    append(store, bob);
    assertThat(seqsAfter(store, bob, 0)).containsExactly(2L, 4L);
    assertThat(seqsAfter(store, bob, 2)).containsExactly(4L);
  }

  @Test
  void anAppendThatCannotStartItsWriteInTimeFailsAndLeavesASkipMarker() {
    Duration holeTimeout = Duration.ofSeconds(4);
    SequenceAllocator slow = new ScriptedSequence().then(1, holeTimeout.dividedBy(2).plusMillis(200)).then(2, Duration.ZERO);
    CqlUpdateStore store = store(options().withTimeouts(Duration.ofSeconds(1), holeTimeout), slow);
    UserId bob = freshUser("bob");

    StepVerifier.create(store.append(bob, message(bob)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(UnavailableException.class,
            u -> assertThat(u.code()).isEqualTo("store_unavailable")))
        .verify(DEADLINE);
    assertThat(store.head(bob).block(DEADLINE)).isZero();

    append(store, bob);
    assertThat(seqsAfter(store, bob, 0)).as("seq 1 is a marker, so 2 needs no hole timeout").containsExactly(2L);
  }

  @Test
  void readsCrossBucketBoundariesAndHonourTheLimit() {
    CqlUpdateStore store = localStore(options().withUpdateBucketSize(3));
    UserId bob = freshUser("bob");
    for (int i = 0; i < 10; i++) {
      append(store, bob);
    }
    assertThat(seqsAfter(store, bob, 0)).containsExactlyElementsOf(range(1, 10));
    assertThat(store.readAfter(bob, 2, 4).map(Update::seq).collectList().block(DEADLINE)).containsExactly(3L, 4L, 5L, 6L);
    assertThat(seqsAfter(store, bob, 5)).containsExactlyElementsOf(range(6, 10));
    assertThat(store.readAfter(bob, 8, 1).map(Update::seq).collectList().block(DEADLINE)).containsExactly(9L);
    assertThat(seqsAfter(store, bob, 10)).isEmpty();
  }

  @Test
  void oneReadVisitsABoundedNumberOfBucketsAndTheNextReadContinues() {
    CqlUpdateStore store = localStore(options().withUpdateBucketSize(1));
    UserId bob = freshUser("bob");
    int appended = CqlUpdateStore.MAX_BUCKETS_PER_READ + 4;
    for (int i = 0; i < appended; i++) {
      append(store, bob);
    }
    assertThat(seqsAfter(store, bob, 0)).containsExactlyElementsOf(range(1, CqlUpdateStore.MAX_BUCKETS_PER_READ));
    assertThat(seqsAfter(store, bob, CqlUpdateStore.MAX_BUCKETS_PER_READ))
        .containsExactlyElementsOf(range(CqlUpdateStore.MAX_BUCKETS_PER_READ + 1, appended));
  }

  @Test
  void aCursorOlderThanTheRetentionReadsFromTheOldestRetainedUpdate() {
    // TTLs count whole seconds, so rows live 3 to 4 s: long enough to read seq 4 once its hole
    // timeout is over.
    CqlUpdateStore store = localStore(options()
        .withUpdateBucketSize(2)
        .withUpdateRetention(Duration.ofSeconds(4))
        .withTimeouts(Duration.ofMillis(400), Duration.ofSeconds(1)));
    UserId bob = freshUser("bob");
    for (int i = 0; i < 3; i++) {
      append(store, bob);
    }
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> seqsAfter(store, bob, 0).isEmpty());

    assertThat(append(store, bob).seq()).isEqualTo(4);
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> seqsAfter(store, bob, 0).equals(List.of(4L)));
    assertThat(seqsAfter(store, bob, 1)).containsExactly(4L);
  }

  @Test
  void aReaderFollowingConcurrentAppendsSeesEverySeqOnceAndInOrder() throws Exception {
    LocalSequenceAllocator local = new LocalSequenceAllocator(new CqlUpdateHeads(keyspace.session(), options())::read);
    // Writers stall for a while between taking their seq and writing it, so later seqs often land
    // first: exactly the race the reader must not lose an update to.
    SequenceAllocator stalling = user -> local.next(user)
        .delayUntil(seq -> Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(30))));
    CqlUpdateStore store = store(options(), stalling);
    UserId bob = freshUser("bob");
    int writers = 4;
    int perWriter = 250;
    List<Update> seen = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> appends = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        appends.add(pool.submit(() -> Flux.range(0, perWriter)
            .concatMap(i -> store.append(bob, message(bob)))
            .then()
            .block(DEADLINE.multipliedBy(6))));
      }
      // Follows the stream as a client does, until its cursor reaches the last seq; a seq the
      // reader skipped shows up as missing below.
      await().atMost(DEADLINE.multipliedBy(6)).pollInterval(Duration.ofMillis(5)).until(() -> {
        long cursor = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).seq();
        seen.addAll(store.readAfter(bob, cursor, 100).collectList().block(DEADLINE));
        return !seen.isEmpty() && seen.get(seen.size() - 1).seq() == writers * perWriter;
      });
      for (Future<?> append : appends) {
        append.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).extracting(Update::seq).containsExactlyElementsOf(range(1, writers * perWriter));
  }

  private static CqlStoreOptions options() {
    return keyspace.options();
  }

  private static CqlUpdateStore store(CqlStoreOptions options, SequenceAllocator sequence) {
    return new CqlUpdateStore(keyspace.session(), options, sequence);
  }

  private static CqlUpdateStore localStore(CqlStoreOptions options) {
    return store(options, new LocalSequenceAllocator(new CqlUpdateHeads(keyspace.session(), options)::read));
  }

  private static Update append(CqlUpdateStore store, UserId user) {
    return store.append(user, message(user)).block(DEADLINE);
  }

  private static List<Long> seqsAfter(CqlUpdateStore store, UserId user, long cursor) {
    return store.readAfter(user, cursor, 100).map(Update::seq).collectList().block(DEADLINE);
  }

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  private static UserId freshUser(String name) {
    return UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static Message message(UserId to) {
    UserId from = UserId.of("alice");
    return new Message(MESSAGE_IDS.getAndIncrement(), ConversationId.direct(from, to), from, to, "hi", null,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
