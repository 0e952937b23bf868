package dev.perch.model;

import java.util.Objects;

/** A conversation as one of its members sees it in their list: who with, and the newest message. */
public record Conversation(ConversationId id, UserId peer, Message lastMessage) {

  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(lastMessage, "lastMessage");
  }
}
