package dev.perch.model;

/**
 * What an update carries: a message, a read marker that moved, a change of a group's members, or a
 * peer's presence.
 */
public sealed interface UpdateBody permits Message, ReadMarker, MemberChange, PresenceChange {

  UpdateType type();
}
