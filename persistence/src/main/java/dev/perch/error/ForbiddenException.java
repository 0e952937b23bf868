package dev.perch.error;

/** The caller is authenticated but the resource belongs to others. */
public final class ForbiddenException extends PerchException {

  public ForbiddenException(String code, String detail) {
    super(code, detail);
  }
}
