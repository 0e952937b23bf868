package dev.perch.model;

/** What an update tells its user about. */
public enum UpdateType {
  /** A message was sent to or by the user. */
  MESSAGE
}
