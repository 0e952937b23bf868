package dev.perch.api.http;

import dev.perch.api.error.RequestRefused;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;

/**
 * What every request must be before Perch looks at what it asks: framed one unambiguous way, with
 * one {@code Host}, and a plain path. Netty's decoder validates header names and values (no
 * control character but tab in a value: 400, {@link DecodingFailureProblems}), and
 * refuses {@code Transfer-Encoding: chunked} together with {@code Content-Length}, several
 * {@code Content-Length}s and a transfer coding after {@code chunked}; this adds the codings it
 * does not implement (501, RFC 9112 §6.1) and closes the connection after either refusal, since
 * the rest of its bytes cannot be trusted to be framed as they claim.
 *
 * <p>A path is {@code /}-separated segments of {@code A-Z a-z 0-9 - . _ ~} only: no percent
 * escapes (so no encoded slash, NUL or dot), no {@code ;} parameters, no backslash, no empty,
 * {@code .} or {@code ..} segment. No Perch path needs more, and a path that means one thing to a
 * proxy and another here cannot be written.
 */
final class RequestSanity {

  private RequestSanity() {}

  /** The request's path, once its framing, headers and target pass. */
  static String check(HttpVersion version, String uri, HttpHeaders headers) {
    checkFraming(headers);
    checkHost(version, headers);
    return path(uri);
  }

  private static void checkFraming(HttpHeaders headers) {
    Iterator<String> codings = headers.valueStringIterator(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.hasNext()) {
      return;
    }
    String coding = codings.next();
    if (codings.hasNext() || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding.trim())) {
      throw RequestRefused.notImplemented("unsupported_transfer_encoding",
          "Perch implements only Transfer-Encoding: chunked.");
    }
  }

  private static void checkHost(HttpVersion version, HttpHeaders headers) {
    Iterator<String> hosts = headers.valueStringIterator(HttpHeaderNames.HOST);
    boolean hasHost = hosts.hasNext();
    if (hasHost) {
      hosts.next();
    }
    if (hosts.hasNext() || !hasHost && version.minorVersion() >= 1) {
      throw RequestRefused.badRequest("invalid_host", "An HTTP/1.1 request carries exactly one Host header.");
    }
  }

  private static String path(String uri) {
    int start = 0;
    if (!uri.startsWith("/")) {
      int scheme = uri.startsWith("http://") ? 7 : uri.startsWith("https://") ? 8 : -1;
      start = scheme < 0 ? -1 : uri.indexOf('/', scheme);
      if (start < 0) {
        throw invalidPath();
      }
    }
    int end = start;
    while (end < uri.length() && uri.charAt(end) != '?' && uri.charAt(end) != '#') {
      end++;
    }
    String path = uri.substring(start, end);
    int segmentStart = 1;
    for (int i = 1; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        checkSegment(path, segmentStart, i, i == path.length());
        segmentStart = i + 1;
      } else if (!isPlain(path.charAt(i))) {
        throw invalidPath();
      }
    }
    return path;
  }

  private static void checkSegment(String path, int from, int to, boolean last) {
    int length = to - from;
    boolean empty = length == 0 && !(last && path.length() == 1);
    boolean dots = length == 1 && path.charAt(from) == '.' || length == 2 && path.startsWith("..", from);
    if (empty && !last || dots) {
      throw invalidPath();
    }
  }

  private static boolean isPlain(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
        || c == '~';
  }

  private static RequestRefused invalidPath() {
    return RequestRefused.badRequest("invalid_path",
        "The path may hold only A-Z a-z 0-9 - . _ ~ between single slashes, without . or .. segments.");
  }
}
