package dev.perch.model;

import java.util.Objects;

/** {@code user} has read {@code conversation} up to message {@code upTo} (inclusive). */
public record ReadMarker(ConversationId conversation, UserId user, long upTo) implements UpdateBody {

  public ReadMarker {
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(user, "user");
  }

  @Override
  public UpdateType type() {
    return UpdateType.READ;
  }
}
