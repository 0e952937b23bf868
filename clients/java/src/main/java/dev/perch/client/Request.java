package dev.perch.client;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;

/**
 * One HTTP request, the same for every attempt of a call.
 *
 * @param method GET or POST
 * @param pathAndQuery from {@code /v1/...} on
 * @param body the JSON body of a POST (empty for none); {@code null} for a GET
 * @param timeout how long one attempt may wait for its whole answer
 */
record Request(HttpMethod method, String pathAndQuery, byte[] body, Duration timeout) {

  static Request get(String pathAndQuery, Duration timeout) {
    return new Request(HttpMethod.GET, pathAndQuery, null, timeout);
  }

  static Request post(String pathAndQuery, byte[] body, Duration timeout) {
    return new Request(HttpMethod.POST, pathAndQuery, body, timeout);
  }
}
