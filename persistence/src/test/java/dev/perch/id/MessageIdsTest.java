package dev.perch.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void idsIncreaseEvenBeyond4096PerMillisecondOnAStoppedClock() {
    MessageIds ids = new MessageIds(7, Clock.fixed(NOW, ZoneOffset.UTC));
    List<Long> taken = LongStream.range(0, 10_000).map(i -> ids.next()).boxed().toList();
    assertThat(taken).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void encodesTheTimeToTheMillisecond() {
    MessageIds ids = new MessageIds(3, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(MessageIds.instantOf(ids.next())).isEqualTo(NOW);
  }

  @Test
  void differentNodesNeverCollide() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    MessageIds a = new MessageIds(1, clock);
    MessageIds b = new MessageIds(2, clock);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 5_000).parallel().forEach(i -> {
      assertThat(seen.add(a.next())).isTrue();
      assertThat(seen.add(b.next())).isTrue();
    });
  }

  @Test
  void rejectsNodeIdsOutsideTenBits() {
    assertThatThrownBy(() -> new MessageIds(1024, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
  }
}
