package dev.perch.api.http;

import dev.perch.model.ReadMarker;

/**
 * A read marker on the wire, as {@code POST /v1/conversations/{id}/read} answers it and a
 * {@code read} update carries it: {@code user} has read {@code conversationId} up to message
 * {@code upTo} (a string, as message ids are).
 */
public record ReadView(String conversationId, String user, String upTo) {

  public static ReadView of(ReadMarker marker) {
    return new ReadView(marker.conversation().value(), marker.user().value(), Long.toString(marker.upTo()));
  }
}
