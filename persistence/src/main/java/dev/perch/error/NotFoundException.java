package dev.perch.error;

/** The addressed resource does not exist (for this caller). */
public final class NotFoundException extends PerchException {

  public NotFoundException(String code, String detail) {
    super(code, detail);
  }
}
