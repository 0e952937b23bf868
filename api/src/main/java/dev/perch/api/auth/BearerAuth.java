package dev.perch.api.auth;

import dev.perch.api.error.RequestRefused;
import dev.perch.model.UserId;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.util.Iterator;
import javax.crypto.SecretKey;

/**
 * The one bearer-token check: {@code Authorization: Bearer <token>} (scheme case-insensitive),
 * read only from that header, exactly once per request. Two {@code Authorization} headers are an
 * ambiguous credential (400 {@code ambiguous_credentials}); a missing, malformed or refused token
 * is 401 {@code unauthorized}. Thread-safe, non-blocking.
 */
public final class BearerAuth {

  private static final String SCHEME = "Bearer ";

  private final VerifiedTokens tokens;

  BearerAuth(VerifiedTokens tokens) {
    this.tokens = tokens;
  }

  /** The caller named by the request's bearer token. */
  public UserId authenticate(HttpHeaders headers) {
    Iterator<String> values = headers.valueStringIterator(HttpHeaderNames.AUTHORIZATION);
    if (!values.hasNext()) {
      throw RequestRefused.unauthorized();
    }
    String value = values.next();
    if (values.hasNext()) {
      throw RequestRefused.badRequest("ambiguous_credentials", "Send one Authorization header, not several.");
    }
    if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw RequestRefused.unauthorized();
    }
    String token = value.substring(SCHEME.length());
    if (!isTokenText(token)) {
      throw RequestRefused.unauthorized();
    }
    UserId user = tokens.user(token);
    if (user == null) {
      throw RequestRefused.unauthorized();
    }
    return user;
  }

  /** RFC 6750's b64token: {@code A-Z a-z 0-9 - . _ ~ + /}, then any {@code =}. */
  private static boolean isTokenText(String token) {
    int i = 0;
    for (; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
      if (!plain) {
        break;
      }
    }
    if (i == 0) {
      return false;
    }
    for (; i < token.length(); i++) {
      if (token.charAt(i) != '=') {
        return false;
      }
    }
    return true;
  }
}
