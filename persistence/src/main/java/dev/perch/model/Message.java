package dev.perch.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored chat message. {@code id} is unique across nodes and grows with time (see
 * {@link dev.perch.id.MessageIds}); {@code clientMsgId} is the sender's idempotency key, or null.
 */
public record Message(
    long id,
    ConversationId conversationId,
    UserId from,
    UserId to,
    String text,
    String clientMsgId,
    Instant sentAt) {

  public Message {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
  }
}
