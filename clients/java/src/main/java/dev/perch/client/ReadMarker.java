package dev.perch.client;

import java.util.Objects;

/**
 * How far {@code user} has read {@code conversationId}: up to message {@code upTo}, inclusive.
 *
 * @param conversationId the 1-1 conversation or group
 * @param user who read it
 * @param upTo the id of the last message read
 */
public record ReadMarker(String conversationId, String user, long upTo) {

  public ReadMarker {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(user, "user");
  }
}
