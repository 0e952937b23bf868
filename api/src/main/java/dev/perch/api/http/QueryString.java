package dev.perch.api.http;

import dev.perch.api.error.RequestRefused;
import dev.perch.error.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's query, parsed strictly once: {@code name=value} pairs split on {@code &}, {@code +}
 * read as a space, percent escapes of well-formed UTF-8 only (anything else is 400
 * {@code invalid_query}). A parameter an endpoint takes may appear once; numbers are ASCII
 * {@code 0-9} only: no sign, no other script's digits, no spaces.
 */
public final class QueryString {

  private static final QueryString EMPTY = new QueryString(List.of());
  private static final int MAX_DIGITS = 19;

  private final List<String[]> pairs;

  private QueryString(List<String[]> pairs) {
    this.pairs = pairs;
  }

  /** The query of a raw request target ({@code /path?query#fragment}). */
  static QueryString ofUri(String uri) {
    int start = uri.indexOf('?');
    if (start < 0) {
      return EMPTY;
    }
    int end = uri.indexOf('#', start);
    String raw = uri.substring(start + 1, end < 0 ? uri.length() : end);
    if (raw.isEmpty()) {
      return EMPTY;
    }
    List<String[]> pairs = new ArrayList<>(4);
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      pairs.add(new String[] {decode(name), decode(value)});
    }
    return new QueryString(pairs);
  }

  /** The value of {@code name}, null when absent; given twice, 400 with {@code code}. */
  public String single(String name, String code) {
    String found = null;
    for (String[] pair : pairs) {
      if (pair[0].equals(name)) {
        if (found != null) {
          throw new InvalidRequestException(code, name + " is given more than once.");
        }
        found = pair[1];
      }
    }
    return found;
  }

  /** The parameter as a whole number in [min, max], {@code fallback} when absent. */
  public long number(String name, long fallback, long min, long max, String code) {
    Long value = optionalNumber(name, min, max, code);
    return value == null ? fallback : value;
  }

  /** The parameter as a whole number in [min, max], or null when absent. */
  public Long optionalNumber(String name, long min, long max, String code) {
    String raw = single(name, code);
    if (raw == null) {
      return null;
    }
    long value = asciiNumber(raw);
    if (value < min || value > max) {
      throw new InvalidRequestException(code, name + " must be a whole number from " + min + " to " + max + ".");
    }
    return value;
  }

  /** The decimal value of 1 to 19 ASCII digits, or -1 for anything else (and for overflow). */
  public static long asciiNumber(String raw) {
    if (raw.isEmpty() || raw.length() > MAX_DIGITS) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
      if (value < 0) {
        return -1;
      }
    }
    return value;
  }

  private static String decode(String part) {
    if (part.indexOf('%') < 0 && part.indexOf('+') < 0) {
      return part;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        int high = i + 2 < part.length() ? hex(part.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : hex(part.charAt(i + 2));
        if (low < 0) {
          throw invalid();
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw invalid();
    }
  }

  /** The value of an ASCII hex digit, or -1 (also for other scripts' digits). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static RequestRefused invalid() {
    return RequestRefused.badRequest("invalid_query", "The query has a malformed percent escape or is not UTF-8.");
  }
}
