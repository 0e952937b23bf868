package dev.perch.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A handler's answer: its status, a {@code Location} (or null), and the body, written as JSON
 * straight into the response buffer.
 */
public record Reply(HttpResponseStatus status, String location, Object body) {

  public static Reply ok(Object body) {
    return new Reply(HttpResponseStatus.OK, null, body);
  }
}
