package dev.perch.model;

/** What an update carries: a message, a read marker that moved, or a change of a group's members. */
public sealed interface UpdateBody permits Message, ReadMarker, MemberChange {

  UpdateType type();
}
