package dev.perch.api.error;

import dev.perch.error.ForbiddenException;
import dev.perch.error.InvalidRequestException;
import dev.perch.error.NotFoundException;
import dev.perch.error.PerchException;
import dev.perch.error.TooManyRequestsException;
import dev.perch.error.UnavailableException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;

/**
 * The one mapping from failures to HTTP: status, stable code, a detail safe to show (never a stack
 * trace or an internal message), how long to wait before a retry, the {@code Allow} header of a
 * 405, and whether the connection closes after the answer. Anything that is neither a
 * {@link PerchException} nor a {@link RequestRefused} is a Perch bug: 500 {@code internal_error}.
 */
public record Problem(
    HttpResponseStatus status, String code, String detail, Duration retryAfter, String allow, boolean closeConnection) {

  static final String INTERNAL_DETAIL = "Something went wrong on our side; the request may be retried.";

  /** Parked polls end within seconds and buckets refill, so a client over a limit may soon try again. */
  static final Duration TOO_MANY_RETRY_AFTER = Duration.ofSeconds(1);

  public static Problem of(Throwable error) {
    if (error instanceof RequestRefused refused) {
      return new Problem(refused.status(), refused.code(), refused.getMessage(), refused.retryAfter(), refused.allow(),
          refused.closeConnection());
    }
    if (error instanceof PerchException perch) {
      return ofPerch(perch);
    }
    return new Problem(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", INTERNAL_DETAIL, null, null, false);
  }

  /** A 404 for a path no route serves. */
  public static Problem notFound() {
    return of(RequestRefused.notFound());
  }

  /** Whether this answer reports a Perch bug rather than a client's mistake or a busy service. */
  public boolean isBug() {
    return status.code() == HttpResponseStatus.INTERNAL_SERVER_ERROR.code();
  }

  private static Problem ofPerch(PerchException perch) {
    if (perch instanceof UnavailableException unavailable) {
      return new Problem(HttpResponseStatus.SERVICE_UNAVAILABLE, perch.code(), perch.getMessage(),
          unavailable.retryAfter(), null, false);
    }
    if (perch instanceof TooManyRequestsException tooMany) {
      return new Problem(HttpResponseStatus.TOO_MANY_REQUESTS, perch.code(), perch.getMessage(),
          tooMany.retryAfter() == null ? TOO_MANY_RETRY_AFTER : tooMany.retryAfter(), null, false);
    }
    return new Problem(statusOf(perch), perch.code(), perch.getMessage(), null, null, false);
  }

  private static HttpResponseStatus statusOf(PerchException perch) {
    if (perch instanceof InvalidRequestException) {
      return HttpResponseStatus.BAD_REQUEST;
    }
    if (perch instanceof NotFoundException) {
      return HttpResponseStatus.NOT_FOUND;
    }
    if (perch instanceof ForbiddenException) {
      return HttpResponseStatus.FORBIDDEN;
    }
    return HttpResponseStatus.INTERNAL_SERVER_ERROR;
  }
}
