package dev.perch.api.auth;

import dev.perch.api.auth.TokenVerifier.VerifiedToken;
import dev.perch.model.UserId;
import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Remembers the tokens the verifier accepted, so a client that polls and sends with the same
 * token pays for parsing, the HMAC and the claim checks once, not on every request: a remembered
 * token maps straight to its user.
 *
 * <p>Only accepted tokens are remembered, keyed by their exact text, and each only until its
 * {@code exp}: from that instant the next request goes to the verifier again, which refuses it
 * once the clock skew has passed too. A remembered token is thus never accepted where the
 * verifier would refuse it. Tokens longer than {@link #MAX_TOKEN_CHARS} are verified every time and
 * never kept.
 *
 * <p>At most about {@code capacity} tokens are kept: when full, expired ones go first, then an
 * arbitrary eighth of them. Thread-safe; concurrent first requests with one token may each verify it.
 */
final class VerifiedTokens {

  static final int MAX_TOKEN_CHARS = 1024;

  private final Function<String, VerifiedToken> verifier;
  private final Clock clock;
  private final int capacity;
  private final ConcurrentMap<String, VerifiedToken> verified = new ConcurrentHashMap<>();

  VerifiedTokens(Function<String, VerifiedToken> verifier, Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.verifier = verifier;
    this.clock = clock;
    this.capacity = capacity;
  }

  /** The user {@code token} belongs to, or null when it is not accepted. */
  UserId user(String token) {
    VerifiedToken known = verified.get(token);
    if (known != null) {
      if (clock.millis() < known.expiresAtMillis()) {
        return known.user();
      }
      verified.remove(token, known);
    }
    VerifiedToken fresh = verifier.apply(token);
    if (fresh == null) {
      return null;
    }
    remember(token, fresh);
    return fresh.user();
  }

  /** How many tokens are remembered now. */
  int size() {
    return verified.size();
  }

  private void remember(String token, VerifiedToken fresh) {
    if (token.length() > MAX_TOKEN_CHARS || clock.millis() >= fresh.expiresAtMillis()) {
      return;
    }
    if (verified.size() >= capacity) {
      evict();
    }
    verified.put(token, fresh);
  }

  private void evict() {
    long now = clock.millis();
    verified.values().removeIf(token -> now >= token.expiresAtMillis());
    int target = capacity - Math.max(1, capacity / 8);
    Iterator<VerifiedToken> arbitrary = verified.values().iterator();
    while (verified.size() > target && arbitrary.hasNext()) {
      arbitrary.next();
      arbitrary.remove();
    }
  }
}
