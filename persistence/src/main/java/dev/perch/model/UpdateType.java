package dev.perch.model;

import java.util.Locale;

/** What an update tells its user about. */
public enum UpdateType {
  /** A message was sent to or by the user. */
  MESSAGE;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The type as the API writes it: {@code message}. */
  public String wireName() {
    return wireName;
  }
}
