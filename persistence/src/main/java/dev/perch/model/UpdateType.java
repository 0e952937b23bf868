package dev.perch.model;

import dev.perch.error.InvalidRequestException;
import java.util.Locale;

/** What an update tells its user about. */
public enum UpdateType {
  /** A message was sent to or by the user, 1-1 or in one of their groups. */
  MESSAGE,
  /** A read marker moved: the user's own (from another device) or a peer's. */
  READ,
  /** Members joined or left one of the user's groups (or the user was added or removed). */
  MEMBER,
  /** One of the user's 1-1 peers came online or went offline. */
  PRESENCE;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The type as the API writes it: {@code message}, {@code read}, {@code member}, {@code presence}. */
  public String wireName() {
    return wireName;
  }

  /** The type of a wire name; anything else is {@code invalid_types}. */
  public static UpdateType ofWire(String name) {
    for (UpdateType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new InvalidRequestException("invalid_types", "types is a comma-separated list of message, read, member and presence.");
  }
}
