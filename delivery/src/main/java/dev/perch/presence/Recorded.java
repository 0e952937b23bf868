package dev.perch.presence;

import java.util.List;

/**
 * What a directory holds for one user: the nodes' entries, and {@code seenMillis}, the last time
 * of an entry since removed (0 when none was).
 */
public record Recorded(List<PresenceEntry> entries, long seenMillis) {

  /** Nothing recorded: a user no node has seen. */
  public static final Recorded NONE = new Recorded(List.of(), 0);

  public Recorded {
    entries = List.copyOf(entries);
  }

  /** The same without {@code node}'s entry. */
  public Recorded without(int node) {
    return new Recorded(entries.stream().filter(entry -> entry.node() != node).toList(), seenMillis);
  }
}
