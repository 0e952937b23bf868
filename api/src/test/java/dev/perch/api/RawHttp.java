package dev.perch.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes exactly as given to a server on loopback and reads one answer back, for requests no
 * well-behaved client would write (broken framing, bad bytes, repeated headers). Every answer read
 * is checked against the OpenAPI document ({@link OpenApiContract}) for the method and path of
 * the request's first line.
 */
final class RawHttp {

  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private RawHttp() {}

  /**
   * One answer: status, headers (lower-case names), body, and whether the server then closed the
   * connection (asked only by {@link #exchangeExpectingClose}, null otherwise).
   */
  record Answer(int status, Map<String, String> headers, String body, Boolean closed) {}

  static Answer exchange(int port, byte[] request) throws IOException {
    return exchange(port, request, false);
  }

  /** As {@link #exchange}, then waits (up to the read timeout) for the server to close the connection. */
  static Answer exchangeExpectingClose(int port, byte[] request) throws IOException {
    return exchange(port, request, true);
  }

  private static Answer exchange(int port, byte[] request, boolean awaitClose) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      Answer answer = read(in, request);
      return awaitClose ? new Answer(answer.status(), answer.headers(), answer.body(), closedAfter(in)) : answer;
    }
  }

  /** Reads the answer to {@code request} (its bytes, or at least its first line) from {@code in}. */
  static Answer read(InputStream in, byte[] request) throws IOException {
    String[] line = requestLine(request);
    Answer answer = read(in, "HEAD".equals(line[0]));
    String path = path(line[1]);
    OpenApiContract.DOCUMENT.answer(line[0], path, answer.status(),
        name -> answer.headers().get(name.toLowerCase(Locale.ROOT))).check(answer.body());
    return answer;
  }

  private static Answer read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    String body = head ? "" : body(in, headers);
    return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, body, null);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The method and target of the request's first line (empty strings when it has fewer parts). */
  private static String[] requestLine(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\n');
    String[] parts = (end < 0 ? text : text.substring(0, end)).trim().split(" ");
    return new String[] {parts[0], parts.length > 1 ? parts[1] : ""};
  }

  /** The path of an origin-form or absolute-form target, null for any other. */
  private static String path(String target) {
    int start = target.startsWith("/") ? 0 : -1;
    if (target.startsWith("http://") || target.startsWith("https://")) {
      start = target.indexOf('/', target.indexOf("//") + 2);
    }
    if (start < 0) {
      return null;
    }
    int end = target.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = target.indexOf(stop, start);
      end = at < 0 ? end : Math.min(end, at);
    }
    return target.substring(start, end);
  }

  private static String body(InputStream in, Map<String, String> headers) throws IOException {
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
        out.writeBytes(in.readNBytes(size));
        line(in);
      }
      line(in);
      return out.toString(StandardCharsets.UTF_8);
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static boolean closedAfter(InputStream in) throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
