package dev.perch.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored message, as the server answers it.
 *
 * @param id the message id: unique across nodes, growing with time (compare as numbers)
 * @param conversationId {@code alice.bob} for a 1-1 message, else the group's id
 * @param from the sender
 * @param to the recipient; {@code null} in a group's message
 * @param text as sent
 * @param clientMsgId the sender's idempotency key; {@code null} when the send had none
 * @param sentAt when the server accepted it
 */
public record Message(long id, String conversationId, String from, String to, String text, String clientMsgId,
    Instant sentAt) {

  public Message {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /** Whether it went to a group (it has no {@link #to}). */
  public boolean isGroupMessage() {
    return to == null;
  }
}
