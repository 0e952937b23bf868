package dev.perch.error;

/** The request is malformed or breaks a documented limit; repeating it unchanged fails again. */
public final class InvalidRequestException extends PerchException {

  public InvalidRequestException(String code, String detail) {
    super(code, detail);
  }
}
