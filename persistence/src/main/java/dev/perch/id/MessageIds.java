package dev.perch.id;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Snowflake-style 64-bit message ids: 41 bits of milliseconds since 2025-01-01T00:00:00Z, 10 bits
 * of node id, 12 bits of a per-millisecond counter. Ids from one generator strictly increase; ids
 * from nodes with different node ids never collide. Thread-safe and lock-free. When the clock goes
 * backwards, or 4,096 ids are taken within one millisecond, ids continue from the last one issued,
 * borrowing from the next millisecond, so they stay unique and increasing.
 */
public final class MessageIds {

  public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  public static final int MAX_NODE_ID = 1023;
  private static final int NODE_BITS = 10;
  private static final int COUNTER_BITS = 12;

  private final Clock clock;
  private final long node;
  /** The last id issued, without its node bits: (millis << COUNTER_BITS) | counter. */
  private final AtomicLong last = new AtomicLong();

  public MessageIds(int nodeId, Clock clock) {
    if (nodeId < 0 || nodeId > MAX_NODE_ID) {
      throw new IllegalArgumentException("node id must be 0.." + MAX_NODE_ID + ", got " + nodeId);
    }
    this.node = nodeId;
    this.clock = clock;
  }

  /** The next id. */
  public long next() {
    long now = (clock.millis() - EPOCH.toEpochMilli()) << COUNTER_BITS;
    long stamp = last.updateAndGet(previous -> Math.max(previous + 1, now));
    long millis = stamp >>> COUNTER_BITS;
    long counter = stamp & ((1L << COUNTER_BITS) - 1);
    return (millis << (NODE_BITS + COUNTER_BITS)) | (node << COUNTER_BITS) | counter;
  }

  /** The lowest id any node makes at {@code instant}: ids made later are above it. */
  public static long lowestAt(Instant instant) {
    return (instant.toEpochMilli() - EPOCH.toEpochMilli()) << (NODE_BITS + COUNTER_BITS);
  }

  /** The instant encoded in {@code id}, to the millisecond. */
  public static Instant instantOf(long id) {
    return EPOCH.plusMillis(id >>> (NODE_BITS + COUNTER_BITS));
  }
}
