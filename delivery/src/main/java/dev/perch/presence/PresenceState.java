package dev.perch.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A user's presence as every node sees it: online while a live node's entry is within the grace
 * period, with the devices of those entries; {@code lastSeen} is null for a user never seen.
 */
public record PresenceState(boolean online, int devices, Instant lastSeen) {

  /**
   * The state {@code recorded} shows at {@code nowMillis}, counting only entries of the
   * {@code live} nodes: an entry counts while its time is less than {@code grace} ago. A user
   * with parked polls is seen now.
   */
  public static PresenceState of(Recorded recorded, Set<Integer> live, long nowMillis, Duration grace) {
    boolean online = false;
    int devices = 0;
    long lastSeen = recorded.seenMillis();
    for (PresenceEntry entry : recorded.entries()) {
      lastSeen = Math.max(lastSeen, entry.lastSeenMillis());
      if (live.contains(entry.node()) && nowMillis < entry.lastSeenMillis() + grace.toMillis()) {
        online = true;
        devices += entry.devices();
      }
    }
    if (devices > 0) {
      lastSeen = Math.max(lastSeen, nowMillis);
    }
    return new PresenceState(online, devices, lastSeen == 0 ? null : Instant.ofEpochMilli(lastSeen));
  }
}
