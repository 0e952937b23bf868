package dev.perch.presence;

/**
 * One node's record of one user: how many of the user's polls are parked there ({@code devices})
 * and when the node last saw the user poll, in epoch milliseconds.
 */
public record PresenceEntry(int node, int devices, long lastSeenMillis) {

  public PresenceEntry {
    if (devices < 0) {
      throw new IllegalArgumentException("devices must not be negative: " + devices);
    }
  }

  /** The entry as a directory stores it under its node: {@code "<devices> <lastSeenMillis>"}. */
  public String encode() {
    return devices + " " + lastSeenMillis;
  }

  /** The entry {@link #encode} wrote for {@code node}. */
  public static PresenceEntry decode(int node, String value) {
    int space = value.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("not a presence entry: '" + value + "'");
    }
    return new PresenceEntry(node, Integer.parseInt(value.substring(0, space)),
        Long.parseLong(value.substring(space + 1)));
  }
}
