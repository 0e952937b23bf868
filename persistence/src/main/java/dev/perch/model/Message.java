package dev.perch.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored chat message. {@code id} is unique across nodes and grows with time (see
 * {@link dev.perch.id.MessageIds}); {@code to} is the recipient of a 1-1 message and null for a
 * group's message (its conversation is the group); {@code clientMsgId} is the sender's idempotency
 * key, or null.
 */
public record Message(
    long id,
    ConversationId conversationId,
    UserId from,
    UserId to,
    String text,
    String clientMsgId,
    Instant sentAt) implements UpdateBody {

  public Message {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
    if (conversationId.isGroup() != (to == null)) {
      throw new IllegalArgumentException("a 1-1 message has a recipient and a group's message none: " + conversationId);
    }
  }

  @Override
  public UpdateType type() {
    return UpdateType.MESSAGE;
  }
}
