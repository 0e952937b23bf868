package dev.perch.model;

import java.util.Objects;

/**
 * One entry of a user's update stream. {@code seq} is dense and increasing per user: the first
 * update is 1, and a cursor is the seq of the last update a client has seen.
 */
public record Update(UserId user, long seq, UpdateBody body) {

  public Update {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(body, "body");
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1, got " + seq);
    }
  }

  public UpdateType type() {
    return body.type();
  }

  /** The message a {@code message} update carries; an update of another type has none. */
  public Message message() {
    if (body instanceof Message message) {
      return message;
    }
    throw new IllegalStateException("a " + type().wireName() + " update carries no message");
  }

  /** Whether this update carries message {@code messageId}. */
  public boolean carries(long messageId) {
    return body instanceof Message message && message.id() == messageId;
  }
}
