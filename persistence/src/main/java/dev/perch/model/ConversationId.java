package dev.perch.model;

import dev.perch.error.InvalidRequestException;
import java.util.List;

/**
 * Identifies a conversation. A 1-1 conversation's id is the two user ids in ascending order joined
 * by a dot ({@code alice.bob}): a dot never occurs in a user id, so the id is unambiguous, and both
 * participants derive the same id without a lookup. It holds its members, parsed once: every send
 * asks for them. A group's id is {@code g~} and 1 to 13 characters of {@code 0-9 a-z}, made by the
 * server ({@link #newGroup}); a tilde occurs in neither a user id nor a 1-1 id, so no id can be
 * mistaken for another kind. A group's members are not in its id: they live in the group store.
 */
public final class ConversationId {

  private static final String GROUP_PREFIX = "g~";
  private static final int MAX_GROUP_SUFFIX = 13;

  private final String value;
  private final List<UserId> members;

  private ConversationId(String value, List<UserId> members) {
    this.value = value;
    this.members = members;
  }

  /** The conversation between two users; the order of the arguments does not matter. */
  public static ConversationId direct(UserId a, UserId b) {
    return a.compareTo(b) <= 0
        ? new ConversationId(a.value() + "." + b.value(), List.of(a, b))
        : new ConversationId(b.value() + "." + a.value(), List.of(b, a));
  }

  /** A new group's id, from a number unique to it (a fresh message id). */
  public static ConversationId newGroup(long unique) {
    return new ConversationId(GROUP_PREFIX + Long.toString(unique, 36), null);
  }

  /** Parses an id given by a client: a 1-1 id or a group id. */
  public static ConversationId parse(String value) {
    if (value != null && value.startsWith(GROUP_PREFIX)) {
      return parseGroup(value);
    }
    int dot = value == null ? -1 : value.indexOf('.');
    if (dot < 0) {
      throw invalid();
    }
    try {
      UserId first = new UserId(value.substring(0, dot));
      UserId second = new UserId(value.substring(dot + 1));
      if (first.compareTo(second) > 0) {
        throw invalid();
      }
      return new ConversationId(value, List.of(first, second));
    } catch (InvalidRequestException e) {
      throw invalid();
    }
  }

  /** Parses a group id given by a client; anything else is {@code invalid_group_id}. */
  public static ConversationId parseGroup(String value) {
    if (value == null || !value.startsWith(GROUP_PREFIX) || value.length() == GROUP_PREFIX.length()
        || value.length() > GROUP_PREFIX.length() + MAX_GROUP_SUFFIX) {
      throw invalidGroup();
    }
    for (int i = GROUP_PREFIX.length(); i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
        throw invalidGroup();
      }
    }
    return new ConversationId(value, null);
  }

  public String value() {
    return value;
  }

  public boolean isGroup() {
    return members == null;
  }

  /** A 1-1 conversation's participants, in ascending order. */
  public List<UserId> members() {
    if (members == null) {
      throw new IllegalStateException("a group's members are in the group store, not in its id " + value);
    }
    return members;
  }

  /** Whether {@code user} is one of a 1-1 conversation's participants; never for a group. */
  public boolean hasMember(UserId user) {
    return members != null && members.contains(user);
  }

  /** The 1-1 participant that is not {@code user}; {@code user} itself for a note-to-self. */
  public UserId peerOf(UserId user) {
    List<UserId> pair = members();
    return pair.get(0).equals(user) ? pair.get(1) : pair.get(0);
  }

  private static InvalidRequestException invalid() {
    return new InvalidRequestException(
        "invalid_conversation_id",
        "A conversation id is the two member ids in ascending order joined by '.', e.g. alice.bob,"
            + " or a group id, e.g. g~1a2b3c.");
  }

  private static InvalidRequestException invalidGroup() {
    return new InvalidRequestException(
        "invalid_group_id", "A group id is 'g~' and 1 to 13 characters of 0-9 and a-z, as the server made it.");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConversationId id && value.equals(id.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
