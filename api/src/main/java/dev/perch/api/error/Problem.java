package dev.perch.api.error;

import dev.perch.error.ForbiddenException;
import dev.perch.error.InvalidRequestException;
import dev.perch.error.NotFoundException;
import dev.perch.error.PerchException;
import dev.perch.error.TooManyRequestsException;
import dev.perch.error.UnavailableException;
import java.time.Duration;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * The one mapping from failures to HTTP: status, stable code, a detail safe to show (never a stack
 * trace or an internal message), and for 503 how long to wait.
 */
record Problem(HttpStatus status, String code, String detail, Duration retryAfter) {

  static final String INTERNAL_DETAIL = "Something went wrong on our side; the request may be retried.";

  /** Parked polls end within seconds, so a client over its limit may soon try again. */
  static final Duration TOO_MANY_RETRY_AFTER = Duration.ofSeconds(1);

  static Problem of(Throwable error) {
    if (error instanceof PerchException perch) {
      return ofPerch(perch);
    }
    if (causedBy(error, DataBufferLimitException.class)) {
      return new Problem(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "The request body is larger than 64 KiB.", null);
    }
    if (error instanceof ServerWebInputException || causedBy(error, DecodingException.class)) {
      return new Problem(HttpStatus.BAD_REQUEST, "malformed_json", "The request body is not the JSON object this endpoint takes.", null);
    }
    if (error instanceof UnsupportedMediaTypeStatusException) {
      return new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as Content-Type: application/json.", null);
    }
    if (error instanceof MethodNotAllowedException || error instanceof WrongMethodException) {
      return new Problem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "This path does not take that method.", null);
    }
    if (error instanceof ResponseStatusException status && status.getStatusCode().value() == 404) {
      return new Problem(HttpStatus.NOT_FOUND, "not_found", "No such endpoint; see docs/api.md.", null);
    }
    if (error instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
      HttpStatus resolved = HttpStatus.valueOf(status.getStatusCode().value());
      return new Problem(resolved, "bad_request", resolved.getReasonPhrase() + ".", null);
    }
    return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", INTERNAL_DETAIL, null);
  }

  private static Problem ofPerch(PerchException perch) {
    if (perch instanceof UnavailableException unavailable) {
      return new Problem(HttpStatus.SERVICE_UNAVAILABLE, perch.code(), perch.getMessage(), unavailable.retryAfter());
    }
    if (perch instanceof TooManyRequestsException) {
      return new Problem(HttpStatus.TOO_MANY_REQUESTS, perch.code(), perch.getMessage(), TOO_MANY_RETRY_AFTER);
    }
    return new Problem(statusOf(perch), perch.code(), perch.getMessage(), null);
  }

  private static HttpStatus statusOf(PerchException perch) {
    if (perch instanceof InvalidRequestException) {
      return HttpStatus.BAD_REQUEST;
    }
    if (perch instanceof NotFoundException) {
      return HttpStatus.NOT_FOUND;
    }
    if (perch instanceof ForbiddenException) {
      return HttpStatus.FORBIDDEN;
    }
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
