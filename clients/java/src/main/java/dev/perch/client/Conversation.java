package dev.perch.client;

import java.util.Objects;

/**
 * One entry of the caller's conversation list.
 *
 * @param id {@code alice.bob}, or a group's id
 * @param peer 1-1 only: the other member (the caller itself for a note to self); else {@code null}
 * @param name groups only: the group's name; else {@code null}
 * @param lastMessage the newest message; {@code null} for a group without messages
 * @param readUpTo the last message the caller marked read; {@code null} when none
 * @param peerReadUpTo 1-1 only: the same for the peer; {@code null} when none
 * @param unread messages from others after {@code readUpTo}, among the conversation's newest 100
 * @param unreadCapped all of those 100 are unread, so there may be more
 */
public record Conversation(String id, String peer, String name, Message lastMessage, Long readUpTo, Long peerReadUpTo,
    int unread, boolean unreadCapped) {

  public Conversation {
    Objects.requireNonNull(id, "id");
  }

  /** Whether it is a group's conversation. */
  public boolean isGroup() {
    return peer == null;
  }
}
