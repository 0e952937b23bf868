package dev.perch.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code by} added and removed members of {@code group}; a member who left is {@code by} and the
 * one removed. {@code added} or {@code removed} may be empty, not both.
 */
public record MemberChange(ConversationId group, UserId by, List<UserId> added, List<UserId> removed)
    implements UpdateBody {

  public MemberChange {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(by, "by");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    if (added.isEmpty() && removed.isEmpty()) {
      throw new IllegalArgumentException("a member change adds or removes someone");
    }
  }

  @Override
  public UpdateType type() {
    return UpdateType.MEMBER;
  }
}
