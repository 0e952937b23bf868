package dev.perch.model;

import java.util.Objects;

/**
 * One entry of a user's update stream. {@code seq} is dense and increasing per user: the first
 * update is 1, and a cursor is the seq of the last update a client has seen.
 */
public record Update(UserId user, long seq, UpdateType type, Message message) {

  public Update {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1, got " + seq);
    }
  }
}
