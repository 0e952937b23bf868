package dev.perch.client;

import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the caller's update stream: its {@code seq} and exactly one of {@code message},
 * {@code read} and {@code member}, as {@code type} says; the other two are {@code null}.
 *
 * @param seq its place in the stream; seqs only grow, but need not be consecutive
 * @param type which field it carries
 * @param message a message to or from the caller, for {@link Type#MESSAGE}
 * @param read a read marker, for {@link Type#READ}
 * @param member a change of a group's members, for {@link Type#MEMBER}
 */
public record Update(long seq, Type type, Message message, ReadMarker read, MemberChange member) {

  /** The kinds of update, named on the wire in lower case. */
  public enum Type {
    MESSAGE,
    READ,
    MEMBER;

    /** The name the API uses ({@code message}, {@code read}, {@code member}). */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Update {
    Objects.requireNonNull(type, "type");
    if ((message != null) != (type == Type.MESSAGE) || (read != null) != (type == Type.READ)
        || (member != null) != (type == Type.MEMBER)) {
      throw new IllegalArgumentException("a " + type.wireName() + " update carries exactly its own field");
    }
  }

  static Update of(long seq, Message message) {
    return new Update(seq, Type.MESSAGE, message, null, null);
  }

  static Update of(long seq, ReadMarker read) {
    return new Update(seq, Type.READ, null, read, null);
  }

  static Update of(long seq, MemberChange member) {
    return new Update(seq, Type.MEMBER, null, null, member);
  }
}
