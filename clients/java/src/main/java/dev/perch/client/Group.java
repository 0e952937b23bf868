package dev.perch.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A group, as a member sees it.
 *
 * @param id the server-made id ({@code g~...}), also its conversation id
 * @param name its name
 * @param createdBy its creator; {@code null} if the answer lacked it
 * @param createdAt when it was made; {@code null} if the answer lacked it
 * @param admins who may add and remove members
 * @param members in the order they joined, the creator first
 */
public record Group(String id, String name, String createdBy, Instant createdAt, List<String> admins,
    List<String> members) {

  public Group {
    Objects.requireNonNull(id, "id");
    admins = List.copyOf(admins);
    members = List.copyOf(members);
  }
}
