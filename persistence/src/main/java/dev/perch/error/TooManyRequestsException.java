package dev.perch.error;

/** A per-user limit is reached (for example parked polls); retrying later may succeed. */
public final class TooManyRequestsException extends PerchException {

  public TooManyRequestsException(String code, String detail) {
    super(code, detail);
  }
}
