package dev.perch.error;

import java.time.Duration;

/** A per-user limit is reached (parked polls, send rate); retrying later may succeed. */
public final class TooManyRequestsException extends PerchException {

  private final Duration retryAfter;

  public TooManyRequestsException(String code, String detail) {
    this(code, detail, null);
  }

  public TooManyRequestsException(String code, String detail, Duration retryAfter) {
    super(code, detail);
    this.retryAfter = retryAfter;
  }

  /** How long the client should wait before retrying, or null when the HTTP layer's default applies. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
