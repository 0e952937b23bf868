package dev.perch.model;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code user} came online or went offline; {@code lastSeen} is when any node last saw them poll
 * (for a user who came online, about now).
 */
public record PresenceChange(UserId user, boolean online, Instant lastSeen) implements UpdateBody {

  public PresenceChange {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  @Override
  public UpdateType type() {
    return UpdateType.PRESENCE;
  }
}
