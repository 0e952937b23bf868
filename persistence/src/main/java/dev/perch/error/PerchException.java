package dev.perch.error;

/**
 * The one family of failures Perch reports to callers. Each carries a stable, machine-readable
 * {@link #code()} that clients may switch on; the HTTP layer maps each subtype to a status in one place.
 */
public abstract sealed class PerchException extends RuntimeException
    permits InvalidRequestException, NotFoundException, ForbiddenException, TooManyRequestsException,
        UnavailableException {

  private final String code;

  protected PerchException(String code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  protected PerchException(String code, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.code = code;
  }

  /** Stable snake_case code, documented in docs/api.md. */
  public String code() {
    return code;
  }
}
