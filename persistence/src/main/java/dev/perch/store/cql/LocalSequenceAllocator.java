package dev.perch.store.cql;

import dev.perch.model.UserId;
import dev.perch.store.SequenceAllocator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Allocates seqs inside this process, for a deployment with exactly ONE application node: each
 * user's counter starts from the durable head the first time the user appends, then counts in
 * memory. Two processes seeded from the same head would hand out the same seqs, so clusters use a
 * shared allocator (Redis {@code INCR}) instead.
 *
 * <p>Seeding from the head is safe after a restart: a row the previous process wrote above the head
 * (it died between the row and the head) was never returned, because reads stop at the head, so
 * the new update may take its seq. A counter is kept for every user that appended since start and
 * never dropped: re-seeding while an append is in flight, from a head that has not caught up with
 * it, would repeat a seq. Thread-safe and lock-free after seeding; concurrent first appends of a
 * user share one seeding read, and a failed seeding is retried by the next append.
 */
public final class LocalSequenceAllocator implements SequenceAllocator {

  private final Function<UserId, Mono<Long>> durableHead;
  private final ConcurrentMap<UserId, Mono<AtomicLong>> counters = new ConcurrentHashMap<>();

  /** @param durableHead the highest seq stored for a user, e.g. {@link CqlUpdateHeads#read} */
  public LocalSequenceAllocator(Function<UserId, Mono<Long>> durableHead) {
    this.durableHead = durableHead;
  }

  @Override
  public Mono<Long> next(UserId user) {
    return Mono.defer(() -> counters.computeIfAbsent(user, this::seed)).map(AtomicLong::incrementAndGet);
  }

  private Mono<AtomicLong> seed(UserId user) {
    // cacheInvalidateIf replays the seeded counter forever but caches neither errors nor emptiness.
    return Mono.defer(() -> durableHead.apply(user))
        .defaultIfEmpty(0L)
        .map(AtomicLong::new)
        .cacheInvalidateIf(counter -> false);
  }
}
