package dev.perch.api.http;

import dev.perch.error.InvalidRequestException;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Reads numeric query parameters, answering a bad one with the parameter's own error code. */
public final class QueryParams {

  private QueryParams() {}

  /** The parameter as a whole number in [min, max], {@code fallback} when absent. */
  public static long number(ServerRequest request, String name, long fallback, long min, long max, String code) {
    Long value = optionalNumber(request, name, min, max, code);
    return value == null ? fallback : value;
  }

  /** The parameter as a whole number in [min, max], or null when absent. */
  public static Long optionalNumber(ServerRequest request, String name, long min, long max, String code) {
    String raw = request.queryParam(name).orElse(null);
    if (raw == null) {
      return null;
    }
    try {
      long value = Long.parseLong(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same answer as an out-of-range number.
    }
    throw new InvalidRequestException(code, name + " must be a whole number from " + min + " to " + max + ".");
  }
}
