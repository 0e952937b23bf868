package dev.perch.client;

/**
 * One HTTP answer, read whole.
 *
 * @param status the HTTP status
 * @param retryAfter the {@code Retry-After} header, or {@code null}
 * @param body the body's bytes (empty for none)
 */
record Answer(int status, String retryAfter, byte[] body) {

  boolean ok() {
    return status >= 200 && status < 300;
  }
}
