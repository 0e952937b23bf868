package dev.perch.api.group;

import dev.perch.api.http.WireTime;
import dev.perch.model.Group;
import dev.perch.model.UserId;
import java.util.List;

/** A group on the wire: members in the order they joined. */
public record GroupView(
    String id, String name, String createdBy, String createdAt, List<String> admins, List<String> members) {

  public static GroupView of(Group group) {
    return new GroupView(group.id().value(), group.name(), group.createdBy().value(), WireTime.format(group.createdAt()),
        UserId.valuesOf(group.admins()), UserId.valuesOf(group.members()));
  }

}
