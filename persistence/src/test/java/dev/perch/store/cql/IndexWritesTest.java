package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class IndexWritesTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
  private final AtomicInteger writes = new AtomicInteger();
  private final IndexWrites index = new IndexWrites(now::get, Duration.ofMinutes(30), 3);

  @Test
  void aBucketIsWrittenOnceUntilItsRefreshIsDue() {
    write("alice", 1);
    write("alice", 1);
    now.set(now.get().plus(Duration.ofMinutes(29)));
    write("alice", 1);
    assertThat(writes).hasValue(1);

    now.set(now.get().plus(Duration.ofMinutes(1)));
    write("alice", 1);
    assertThat(writes).hasValue(2);
  }

  @Test
  void anotherBucketOrPartitionIsItsOwnRow() {
    write("alice", 1);
    write("alice", 2);
    write("bob", 1);

    assertThat(writes).hasValue(3);
  }

  @Test
  void aFailedWriteIsTriedAgainByTheNextRow() {
    StepVerifier.create(index.once("alice", 1, () -> Mono.error(new IllegalStateException("store down"))))
        .expectError(IllegalStateException.class)
        .verify();

    write("alice", 1);

    assertThat(writes).hasValue(1);
  }

  @Test
  void overItsCapacityItForgetsAndWritesAgain() {
    write("a", 1);
    write("b", 1);
    write("c", 1);
    write("d", 1);
    write("a", 1);

    assertThat(writes).hasValue(5);
  }

  private void write(String partition, long bucket) {
    StepVerifier.create(index.once(partition, bucket, () -> Mono.fromRunnable(writes::incrementAndGet))).verifyComplete();
  }
}
