package dev.perch.error;

import java.time.Duration;

/** A backing service cannot take the request now; nothing was acknowledged, so a retry is safe. */
public final class UnavailableException extends PerchException {

  private final Duration retryAfter;

  public UnavailableException(String code, String detail, Duration retryAfter, Throwable cause) {
    super(code, detail, cause);
    this.retryAfter = retryAfter;
  }

  /** How long a client should wait before retrying. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
