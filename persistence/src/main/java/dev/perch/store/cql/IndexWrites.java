package dev.perch.store.cql;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Index rows ({@code update_buckets}, {@code message_buckets}) only need to exist, so a node writes
 * each (partition, bucket) row once, and again when its last write is older than {@code refresh}
 * (an index row with a TTL outlives every row written to its bucket while that TTL exceeds the
 * rows' by more than {@code refresh}), instead of on every row that lands in the bucket. A row
 * counts as written only once its write succeeded; a failed write is tried again by the next row.
 * Bounded: it forgets everything when it holds more than {@code capacity} rows, which only costs
 * writes again (the writes are idempotent upserts). Thread-safe.
 */
final class IndexWrites {

  private final InstantSource clock;
  private final Duration refresh;
  private final int capacity;
  private final Map<Row, Instant> written = new ConcurrentHashMap<>();

  IndexWrites(InstantSource clock, Duration refresh, int capacity) {
    if (refresh.isNegative() || refresh.isZero() || capacity < 1) {
      throw new IllegalArgumentException("refresh and capacity must be positive");
    }
    this.clock = clock;
    this.refresh = refresh;
    this.capacity = capacity;
  }

  /** {@code write} of the index row of {@code partition}'s {@code bucket}, unless this node wrote it lately. */
  Mono<Void> once(String partition, long bucket, Supplier<Mono<Void>> write) {
    return Mono.defer(() -> {
      Row row = new Row(partition, bucket);
      Instant now = clock.instant();
      Instant last = written.get(row);
      if (last != null && now.isBefore(last.plus(refresh))) {
        return Mono.empty();
      }
      return write.get().doOnSuccess(done -> remember(row, now));
    });
  }

  private void remember(Row row, Instant at) {
    if (written.size() >= capacity) {
      written.clear();
    }
    written.put(row, at);
  }

  private record Row(String partition, long bucket) {}
}
