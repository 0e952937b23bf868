package dev.perch.client;

import java.util.List;
import java.util.Objects;

/**
 * A group was made, or members were added or removed ({@code by} made the change; a member who left
 * is {@code by} and the one removed).
 *
 * @param groupId the group
 * @param by who made the change
 * @param added who joined (all members, the creator included, when the group was made)
 * @param removed who was removed or left
 */
public record MemberChange(String groupId, String by, List<String> added, List<String> removed) {

  public MemberChange {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(by, "by");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }
}
