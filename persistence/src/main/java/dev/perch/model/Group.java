package dev.perch.model;

import dev.perch.error.ForbiddenException;
import dev.perch.error.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A group: its id, name, who created it, its admins and its members in the order they joined, and
 * a version that every change raises (stores change a group by compare-and-set on it).
 *
 * <p>Rules, the way users of chat groups expect them: the creator is the first admin; admins add
 * and remove members; any member may leave (remove themselves); when the last admin leaves, the
 * longest-standing member becomes admin. A group may be left empty; nobody can see it then.
 */
public record Group(
    ConversationId id, String name, UserId createdBy, Instant createdAt, List<UserId> admins,
    List<UserId> members, long version) {

  public static final int MAX_NAME_LENGTH = 100;

  public Group {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    admins = List.copyOf(admins);
    members = List.copyOf(members);
    if (!id.isGroup()) {
      throw new IllegalArgumentException("not a group id: " + id);
    }
  }

  /**
   * A new group of {@code creator} and {@code others} (the creator first). {@code others} must be
   * distinct valid ids; the creator among them is ignored; at most {@code maxMembers} in all.
   */
  public static Group create(
      ConversationId id, String name, UserId creator, List<UserId> others, int maxMembers, Instant now) {
    Set<UserId> members = new LinkedHashSet<>();
    members.add(creator);
    members.addAll(distinct(others));
    checkSize(members.size(), maxMembers);
    return new Group(id, validName(name), creator, now, List.of(creator), List.copyOf(members), 1);
  }

  public boolean hasMember(UserId user) {
    return members.contains(user);
  }

  public boolean isAdmin(UserId user) {
    return admins.contains(user);
  }

  /**
   * The group after {@code by} adds and removes members. Adding a member already in, or removing
   * one not in, changes nothing. Only admins add, or remove others; a member may remove themselves.
   */
  public Group change(UserId by, List<UserId> add, List<UserId> remove, int maxMembers) {
    List<UserId> adding = distinct(add);
    List<UserId> removing = distinct(remove);
    if (!hasMember(by)) {
      throw notMember(id);
    }
    boolean onlySelf = adding.isEmpty() && removing.stream().allMatch(by::equals);
    if (!onlySelf && !isAdmin(by)) {
      throw new ForbiddenException("not_group_admin", "Only an admin of group " + id + " adds or removes others.");
    }
    for (UserId user : adding) {
      if (removing.contains(user)) {
        throw new InvalidRequestException("duplicate_member", user + " is both added and removed.");
      }
    }
    Set<UserId> after = new LinkedHashSet<>(members);
    after.removeAll(removing);
    after.addAll(adding);
    checkSize(after.size(), maxMembers);
    List<UserId> stillAdmins = new ArrayList<>(admins);
    stillAdmins.retainAll(after);
    if (stillAdmins.isEmpty() && !after.isEmpty()) {
      stillAdmins.add(after.iterator().next());
    }
    return new Group(id, name, createdBy, createdAt, stillAdmins, List.copyOf(after), version + 1);
  }

  /** What changed from {@code before} to this group, as {@code by} made it; null when nothing did. */
  public MemberChange changeFrom(Group before, UserId by) {
    List<UserId> added = members.stream().filter(user -> !before.hasMember(user)).toList();
    List<UserId> removed = before.members.stream().filter(user -> !hasMember(user)).toList();
    return added.isEmpty() && removed.isEmpty() ? null : new MemberChange(id, by, added, removed);
  }

  /** The 403 a non-member gets for a group, the same whether or not the group exists. */
  public static ForbiddenException notMember(ConversationId group) {
    return new ForbiddenException("forbidden", "You are not a member of group " + group + ".");
  }

  private static List<UserId> distinct(List<UserId> users) {
    Set<UserId> seen = new LinkedHashSet<>(users);
    if (seen.size() != users.size()) {
      throw new InvalidRequestException("duplicate_member", "A member is listed twice.");
    }
    return List.copyOf(seen);
  }

  private static void checkSize(int size, int maxMembers) {
    if (size > maxMembers) {
      throw new InvalidRequestException("too_many_members", "A group has at most " + maxMembers + " members.");
    }
  }

  private static String validName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidRequestException("group_name_required", "name is required and must not be blank.");
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
      throw new InvalidRequestException("group_name_too_long", "name is at most " + MAX_NAME_LENGTH + " characters.");
    }
    return name;
  }
}
