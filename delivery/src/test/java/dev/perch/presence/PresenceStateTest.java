package dev.perch.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresenceStateTest {

  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final long NOW = 1_000_000;

  @Test
  void liveEntriesWithinTheGraceMakeAUserOnlineAndAddTheirDevices() {
    Recorded recorded = new Recorded(List.of(new PresenceEntry(1, 2, NOW - 1_000), new PresenceEntry(2, 1, NOW - 29_999)), 0);

    PresenceState state = PresenceState.of(recorded, Set.of(1, 2), NOW, GRACE);

    assertThat(state.online()).isTrue();
    assertThat(state.devices()).isEqualTo(3);
    assertThat(state.lastSeen()).isEqualTo(Instant.ofEpochMilli(NOW));
  }

  @Test
  void anEntryOfADeadNodeOrPastTheGraceDoesNotCount() {
    Recorded recorded = new Recorded(List.of(new PresenceEntry(1, 2, NOW - 1_000), new PresenceEntry(2, 1, NOW - 30_000)), 0);

    PresenceState state = PresenceState.of(recorded, Set.of(2), NOW, GRACE);

    assertThat(state.online()).isFalse();
    assertThat(state.devices()).isZero();
    assertThat(state.lastSeen()).isEqualTo(Instant.ofEpochMilli(NOW - 1_000));
  }

  @Test
  void aUserWhoPolledWithinTheGraceIsOnlineWithoutDevices() {
    Recorded recorded = new Recorded(List.of(new PresenceEntry(1, 0, NOW - 5_000)), NOW - 60_000);

    PresenceState state = PresenceState.of(recorded, Set.of(1), NOW, GRACE);

    assertThat(state.online()).isTrue();
    assertThat(state.devices()).isZero();
    assertThat(state.lastSeen()).isEqualTo(Instant.ofEpochMilli(NOW - 5_000));
  }

  @Test
  void aRemovedUserKeepsTheirLastSeenAndOneNeverSeenHasNone() {
    assertThat(PresenceState.of(new Recorded(List.of(), NOW - 90_000), Set.of(1), NOW, GRACE))
        .isEqualTo(new PresenceState(false, 0, Instant.ofEpochMilli(NOW - 90_000)));
    assertThat(PresenceState.of(Recorded.NONE, Set.of(1), NOW, GRACE)).isEqualTo(new PresenceState(false, 0, null));
  }

  @Test
  void entriesRoundTripThroughTheirEncoding() {
    PresenceEntry entry = new PresenceEntry(7, 3, 1_733_000_000_123L);

    assertThat(PresenceEntry.decode(7, entry.encode())).isEqualTo(entry);
  }
}
