package dev.perch.presence;

import java.time.Duration;

/**
 * How presence behaves: a user stays online for {@code grace} after their last poll ended; a
 * user's peers hear of a change at most once per {@code coalesce}; the peers told are the users of
 * the newest {@code peers} 1-1 conversations, who are also the ones allowed to read it.
 */
public record PresenceSettings(Duration grace, Duration coalesce, int peers) {

  public PresenceSettings {
    if (grace.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("presence grace must be at least 2 s: " + grace);
    }
    if (coalesce.isNegative()) {
      throw new IllegalArgumentException("presence coalesce must not be negative: " + coalesce);
    }
    if (peers < 1) {
      throw new IllegalArgumentException("presence peers must be positive: " + peers);
    }
  }

  /** How often a node rewrites the entry of a user who keeps polling, so it never lapses. */
  public Duration refresh() {
    return grace.dividedBy(2);
  }
}
