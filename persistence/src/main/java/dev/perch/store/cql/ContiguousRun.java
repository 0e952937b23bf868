package dev.perch.store.cql;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The reader's side of the ordering guarantee of {@link CqlUpdateStore}, as one pure decision per
 * row: given the rows after a cursor in ascending seq order, how far may the reader go? It may
 * cross a missing seq (a hole) only when the row after the hole was written more than
 * {@code holeTimeout} before the read began: that row's seq was allocated after the hole's, so
 * the hole's writer has by then finished or given up. Skip markers close their seq at once and are
 * never handed to callers. One instance serves one read; not thread-safe.
 */
final class ContiguousRun {

  /** What to do with a row. */
  enum Step {
    /** Return it: it continues the run. */
    EMIT,
    /** Pass over it: a skip marker continues the run but carries no update. */
    SKIP,
    /** End the read before this row: a hole before it may still be filled. */
    STOP
  }

  private final Instant readStart;
  private final Duration holeTimeout;
  private long expected;

  /**
   * @param cursor the last seq the reader has; the run starts right after it
   * @param readStart when the read began, on the clock writers stamp rows with
   */
  ContiguousRun(long cursor, Instant readStart, Duration holeTimeout) {
    this.expected = cursor + 1;
    this.readStart = Objects.requireNonNull(readStart, "readStart");
    this.holeTimeout = Objects.requireNonNull(holeTimeout, "holeTimeout");
  }

  /** Decides on the next row; rows must come in ascending seq order, each above the cursor. */
  Step next(long seq, Instant writtenAt, boolean skipMarker) {
    if (seq < expected) {
      throw new IllegalArgumentException("rows must ascend after the cursor: expected " + expected + ", got " + seq);
    }
    if (seq > expected && !writtenAt.plus(holeTimeout).isBefore(readStart)) {
      return Step.STOP;
    }
    expected = seq + 1;
    return skipMarker ? Step.SKIP : Step.EMIT;
  }
}
