package dev.perch.api.error;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;

/**
 * A request the HTTP layer refuses before (or instead of) a handler: bad framing, path or
 * headers, no valid token, no such route, a body it cannot take. Each carries its status and
 * stable code, the {@code Allow} header of a 405, and whether the connection must close after the
 * answer (when the rest of the request cannot be trusted to be framed as it claims).
 */
public final class RequestRefused extends RuntimeException {

  private final HttpResponseStatus status;
  private final String code;
  private final String allow;
  private final boolean closeConnection;
  private final Duration retryAfter;

  private RequestRefused(HttpResponseStatus status, String code, String detail, String allow, boolean closeConnection) {
    this(status, code, detail, allow, closeConnection, null);
  }

  private RequestRefused(
      HttpResponseStatus status, String code, String detail, String allow, boolean closeConnection, Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.allow = allow;
    this.closeConnection = closeConnection;
    this.retryAfter = retryAfter;
  }

  /** A refusal by the HTTP decoder itself; the connection closes after it. */
  public static RequestRefused of(HttpResponseStatus status, String code, String detail) {
    return new RequestRefused(status, code, detail, null, true);
  }

  public static RequestRefused badRequest(String code, String detail) {
    return new RequestRefused(HttpResponseStatus.BAD_REQUEST, code, detail, null, false);
  }

  public static RequestRefused unauthorized() {
    return new RequestRefused(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
        "A valid bearer token is required: Authorization: Bearer <token>.", null, false);
  }

  public static RequestRefused notFound() {
    return new RequestRefused(HttpResponseStatus.NOT_FOUND, "not_found", "No such endpoint; see docs/api.md.", null, false);
  }

  public static RequestRefused methodNotAllowed(String allow) {
    return new RequestRefused(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
        "This path takes only " + allow + ".", allow, false);
  }

  public static RequestRefused requestTimeout() {
    return new RequestRefused(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout",
        "The request body did not arrive in time.", null, true);
  }

  public static RequestRefused bodyTooLarge(int maxBytes) {
    return new RequestRefused(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
        "The request body is larger than " + maxBytes / 1024 + " KiB.", null, true);
  }

  public static RequestRefused unsupportedMediaType() {
    return new RequestRefused(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
        "Send the body as Content-Type: application/json (charset, if given, utf-8).", null, false);
  }

  public static RequestRefused notImplemented(String code, String detail) {
    return new RequestRefused(HttpResponseStatus.NOT_IMPLEMENTED, code, detail, null, true);
  }

  /** The node is stopping: retry on another, at once (the connection closes). */
  public static RequestRefused shuttingDown() {
    return new RequestRefused(HttpResponseStatus.SERVICE_UNAVAILABLE, "shutting_down",
        "This node is shutting down; retry on another.", null, true, Duration.ofSeconds(1));
  }

  public HttpResponseStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The {@code Allow} header of a 405, else null. */
  public String allow() {
    return allow;
  }

  public boolean closeConnection() {
    return closeConnection;
  }

  /** How long to wait before a retry, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
