package dev.perch.api.http;

import dev.perch.api.error.RequestRefused;

/**
 * Checks a request's {@code Content-Type} (RFC 9110 §8.3.1): {@code type "/" subtype} then
 * {@code ; name=value} parameters, each value a token or a quoted string. Perch takes
 * {@code application/json} (any case) whose {@code charset}, if given, is UTF-8. A header that does
 * not parse is 400 {@code malformed_content_type}; a missing header, another type or another
 * charset is 415 {@code unsupported_media_type}.
 */
final class ContentType {

  private ContentType() {}

  /** Returns normally when {@code header} names JSON in UTF-8. */
  static void requireJson(String header) {
    if (header == null) {
      throw RequestRefused.unsupportedMediaType();
    }
    Parser parser = new Parser(header);
    String type = parser.token();
    parser.expect('/');
    String subtype = parser.token();
    boolean utf8 = true;
    parser.skipSpaces();
    while (!parser.atEnd()) {
      parser.expect(';');
      parser.skipSpaces();
      String name = parser.token();
      parser.expect('=');
      String value = parser.value();
      if (name.equalsIgnoreCase("charset")) {
        utf8 &= value.equalsIgnoreCase("utf-8");
      }
      parser.skipSpaces();
    }
    if (!type.equalsIgnoreCase("application") || !subtype.equalsIgnoreCase("json") || !utf8) {
      throw RequestRefused.unsupportedMediaType();
    }
  }

  private static final class Parser {

    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return at == text.length();
    }

    void skipSpaces() {
      while (!atEnd() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
    }

    void expect(char c) {
      if (atEnd() || text.charAt(at) != c) {
        throw malformed();
      }
      at++;
    }

    String token() {
      int start = at;
      while (!atEnd() && isTokenChar(text.charAt(at))) {
        at++;
      }
      if (at == start) {
        throw malformed();
      }
      return text.substring(start, at);
    }

    String value() {
      if (atEnd() || text.charAt(at) != '"') {
        return token();
      }
      StringBuilder value = new StringBuilder();
      at++;
      while (!atEnd()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\') {
          if (atEnd()) {
            break;
          }
          c = text.charAt(at++);
        }
        if (c < 0x20 && c != '\t' || c == 0x7F) {
          break;
        }
        value.append(c);
      }
      throw malformed();
    }

    private static boolean isTokenChar(char c) {
      return c > 0x20 && c < 0x7F && SEPARATORS.indexOf(c) < 0;
    }

    private static RequestRefused malformed() {
      return RequestRefused.badRequest("malformed_content_type",
          "Content-Type does not parse as type/subtype; name=value parameters.");
    }
  }
}
