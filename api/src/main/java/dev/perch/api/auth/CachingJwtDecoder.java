package dev.perch.api.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers the tokens its delegate verified, so a client that polls and sends with the same token
 * pays for parsing, the HMAC and the claim checks once, not on every request.
 *
 * <p>Only tokens the delegate accepted are remembered, keyed by their exact text, and each only
 * until its {@code exp}: at that instant the next request goes to the delegate again, which
 * rejects it. A remembered token is thus never accepted where the delegate would refuse it (the
 * delegate accepts up to its clock skew past {@code exp}; this cache stops at {@code exp}). Tokens
 * longer than {@link #MAX_TOKEN_CHARS} are verified every time and never kept.
 *
 * <p>At most about {@code capacity} tokens are kept: when full, expired ones go first, then an
 * arbitrary eighth of them. Thread-safe; concurrent first requests with one token may each
 * ask the delegate.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

  static final int MAX_TOKEN_CHARS = 1024;

  private final ReactiveJwtDecoder delegate;
  private final Clock clock;
  private final int capacity;
  private final ConcurrentMap<String, Jwt> verified = new ConcurrentHashMap<>();

  CachingJwtDecoder(ReactiveJwtDecoder delegate, Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.delegate = delegate;
    this.clock = clock;
    this.capacity = capacity;
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Jwt known = verified.get(token);
    if (known != null) {
      if (clock.instant().isBefore(known.getExpiresAt())) {
        return Mono.just(known);
      }
      verified.remove(token, known);
    }
    return delegate.decode(token).doOnNext(jwt -> remember(token, jwt));
  }

  /** How many tokens are remembered now. */
  int size() {
    return verified.size();
  }

  private void remember(String token, Jwt jwt) {
    if (jwt.getExpiresAt() == null || token.length() > MAX_TOKEN_CHARS) {
      return;
    }
    if (verified.size() >= capacity) {
      evict();
    }
    verified.put(token, jwt);
  }

  private void evict() {
    Instant now = clock.instant();
    verified.values().removeIf(jwt -> !now.isBefore(jwt.getExpiresAt()));
    int target = capacity - Math.max(1, capacity / 8);
    Iterator<Jwt> arbitrary = verified.values().iterator();
    while (verified.size() > target && arbitrary.hasNext()) {
      arbitrary.next();
      arbitrary.remove();
    }
  }
}
