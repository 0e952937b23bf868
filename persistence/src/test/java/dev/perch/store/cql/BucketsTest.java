package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.id.MessageIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BucketsTest {

  @Test
  void consecutiveSeqsShareABucketOfTheGivenSize() {
    assertThat(Buckets.ofSeq(1, 3)).isZero();
    assertThat(Buckets.ofSeq(2, 3)).isZero();
    assertThat(Buckets.ofSeq(3, 3)).isEqualTo(1);
    assertThat(Buckets.ofSeq(5, 3)).isEqualTo(1);
    assertThat(Buckets.ofSeq(6, 3)).isEqualTo(2);
    assertThat(Buckets.ofSeq(9_999, 10_000)).isZero();
    assertThat(Buckets.ofSeq(10_000, 10_000)).isEqualTo(1);
  }

  @Test
  void messageBucketIsTheNumberOfWholeSpansSinceTheIdEpoch() {
    Duration day = Duration.ofDays(1);
    assertThat(Buckets.ofMessage(idAt(MessageIds.EPOCH), day)).isZero();
    assertThat(Buckets.ofMessage(idAt(MessageIds.EPOCH.plus(day).minusMillis(1)), day)).isZero();
    assertThat(Buckets.ofMessage(idAt(MessageIds.EPOCH.plus(day)), day)).isEqualTo(1);
    assertThat(Buckets.ofMessage(idAt(MessageIds.EPOCH.plus(Duration.ofDays(45))), Duration.ofDays(30))).isEqualTo(1);
  }

  @Test
  void laterIdsNeverFallInAnEarlierBucket() {
    Duration span = Duration.ofMillis(7);
    MessageIds ids = new MessageIds(5, Clock.systemUTC());
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < 10_000; i++) {
      long bucket = Buckets.ofMessage(ids.next(), span);
      assertThat(bucket).isGreaterThanOrEqualTo(previous);
      previous = bucket;
    }
  }

  @Test
  void theLargestIdHasABucketToo() {
    assertThat(Buckets.ofMessage(Long.MAX_VALUE, Duration.ofMillis(1))).isPositive();
  }

  private static long idAt(Instant instant) {
    return new MessageIds(MessageIds.MAX_NODE_ID, Clock.fixed(instant, ZoneOffset.UTC)).next();
  }
}
