package dev.perch.store.cql;

import dev.perch.id.MessageIds;
import java.time.Duration;

/** Which partition bucket a row lives in. Pure functions, so the arithmetic is unit tested alone. */
final class Buckets {

  private Buckets() {}

  /** The {@code updates} bucket of a seq: consecutive runs of {@code bucketSize} seqs share one. */
  static long ofSeq(long seq, long bucketSize) {
    return Math.floorDiv(seq, bucketSize);
  }

  /**
   * The {@code messages} bucket of a message id: the number of whole {@code span}s between
   * {@link MessageIds#EPOCH} and the instant the id encodes. Ids grow with time, so buckets do too.
   */
  static long ofMessage(long messageId, Duration span) {
    long millis = MessageIds.instantOf(messageId).toEpochMilli() - MessageIds.EPOCH.toEpochMilli();
    return Math.floorDiv(millis, span.toMillis());
  }
}
