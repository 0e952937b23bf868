package dev.perch.api.http;

import dev.perch.api.error.RequestRefused;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.Locale;

/**
 * How an {@link EventStream} is framed, chosen from the request's {@code Accept}: server-sent
 * events, or newline-delimited JSON for {@code curl -N} and line-reading scripts.
 */
public enum StreamFormat {
  SERVER_SENT_EVENTS("text/event-stream"),
  NDJSON("application/x-ndjson");

  private final AsciiString mediaType;

  StreamFormat(String mediaType) {
    this.mediaType = AsciiString.cached(mediaType);
  }

  AsciiString mediaType() {
    return mediaType;
  }

  /**
   * The format of the first media range in {@code accept} that names one ({@code *}{@code /*} and
   * {@code text/*} are server-sent events, {@code application/*} is NDJSON; a range with
   * {@code q=0} names none); server-sent events without an {@code Accept}.
   *
   * @throws RequestRefused 406 {@code not_acceptable} when no range names either
   */
  public static StreamFormat negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return SERVER_SENT_EVENTS;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (refused(parts)) {
        continue;
      }
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      if (type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*")) {
        return SERVER_SENT_EVENTS;
      }
      if (type.equals("application/x-ndjson") || type.equals("application/*")) {
        return NDJSON;
      }
    }
    throw RequestRefused.of(HttpResponseStatus.NOT_ACCEPTABLE, "not_acceptable",
        "This stream is served as text/event-stream or application/x-ndjson; Accept names neither.");
  }

  private static boolean refused(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String parameter = parameters[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
      if (parameter.startsWith("q=") && parameter.substring(2).matches("0(\\.0{0,3})?")) {
        return true;
      }
    }
    return false;
  }
}
