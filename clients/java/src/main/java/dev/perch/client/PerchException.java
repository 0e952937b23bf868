package dev.perch.client;

import java.time.Duration;

/**
 * A call that failed: the server's refusal (an RFC 9457 problem, with its stable {@link #code()}),
 * an answer that is not a Perch problem (say a proxy's 502: the code is empty), or no answer at all
 * ({@link #status()} 0, code {@value #TRANSPORT}: refused, reset or timed out, the cause attached).
 * A call that was retried fails with the last attempt's exception.
 */
public final class PerchException extends RuntimeException {

  /** The code of a failure without an HTTP answer. */
  public static final String TRANSPORT = "transport";

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String detail;
  private final transient Duration retryAfter;

  /**
   * @param status the HTTP status, or 0 when there was no answer
   * @param code the problem's {@code code}; empty when the answer had none
   * @param detail the problem's {@code detail} (for people), or what went wrong
   * @param retryAfter the answer's {@code Retry-After}, or {@code null} when it had none
   */
  public PerchException(int status, String code, String detail, Duration retryAfter, Throwable cause) {
    super(describe(status, code, detail), cause);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  static PerchException transport(String node, Throwable cause) {
    return new PerchException(0, TRANSPORT, "no answer from " + node + ": " + cause, null, cause);
  }

  /** The HTTP status; 0 when no answer arrived. */
  public int status() {
    return status;
  }

  /** The problem's stable code ({@code invalid_cursor}, {@code rate_limited}, ...); empty when the answer had none. */
  public String code() {
    return code;
  }

  /** The problem's human-readable detail. */
  public String detail() {
    return detail;
  }

  /** How long the server asked to wait before retrying, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  private static String describe(int status, String code, String detail) {
    return (status == 0 ? "" : status + " ") + (code.isEmpty() ? "" : code + ": ") + detail;
  }
}
