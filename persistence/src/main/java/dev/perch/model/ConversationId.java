package dev.perch.model;

import dev.perch.error.InvalidRequestException;
import java.util.List;

/**
 * Identifies a 1-1 conversation: the two user ids in ascending order joined by a dot
 * ({@code alice.bob}). A dot never occurs in a user id, so the id is unambiguous, and both
 * participants derive the same id without a lookup. Holds its members, parsed once: every send
 * asks for them.
 */
public final class ConversationId {

  private final String value;
  private final List<UserId> members;

  private ConversationId(String value, UserId first, UserId second) {
    this.value = value;
    this.members = List.of(first, second);
  }

  /** The conversation between two users; the order of the arguments does not matter. */
  public static ConversationId direct(UserId a, UserId b) {
    return a.compareTo(b) <= 0
        ? new ConversationId(a.value() + "." + b.value(), a, b)
        : new ConversationId(b.value() + "." + a.value(), b, a);
  }

  /** Parses an id given by a client. */
  public static ConversationId parse(String value) {
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
      return new ConversationId(value, first, second);
    } catch (InvalidRequestException e) {
      throw invalid();
    }
  }

  public String value() {
    return value;
  }

  /** The participants, in ascending order. */
  public List<UserId> members() {
    return members;
  }

  public boolean hasMember(UserId user) {
    return members.contains(user);
  }

  /** The participant that is not {@code user}; {@code user} itself for a note-to-self. */
  public UserId peerOf(UserId user) {
    return members.get(0).equals(user) ? members.get(1) : members.get(0);
  }

  private static InvalidRequestException invalid() {
    return new InvalidRequestException(
        "invalid_conversation_id",
        "A conversation id is the two member ids in ascending order joined by '.', e.g. alice.bob.");
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
