package dev.perch.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.perch.model.UserId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import javax.crypto.SecretKey;

/**
 * Verifies a bearer token in full: a JWS signed with HS256 and the server's key, or, when an
 * identity provider is configured, signed by one of its keys ({@link JwksVerifier}); no other
 * algorithm, {@code none} included. An {@code exp} that is required and not past, an {@code nbf}
 * that is not ahead (each with {@link #CLOCK_SKEW}), and a user id that is valid: {@code sub} of an
 * HS256 token, the configured claim of a provider's. Thread-safe; CPU-bound (one HMAC or one
 * signature check), no I/O.
 */
final class TokenVerifier {

  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final MACVerifier verifier;
  private final JwksVerifier provider;
  private final Clock clock;

  /** HS256 tokens only. */
  TokenVerifier(SecretKey key, Clock clock) {
    this(key, null, clock);
  }

  /** HS256 tokens, and the {@code provider}'s when it is not null. */
  TokenVerifier(SecretKey key, JwksVerifier provider, Clock clock) {
    try {
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable HS256 key", e);
    }
    this.provider = provider;
    this.clock = clock;
  }

  /** The token's user and expiry, or null when the token is not one this server accepts. */
  VerifiedToken verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
      if (provider != null && JwksVerifier.handles(algorithm)) {
        return provider.verify(jwt, clock.millis());
      }
      if (!JWSAlgorithm.HS256.equals(algorithm) || !jwt.verify(verifier)) {
        return null;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!withinLifetime(claims, clock.millis())) {
        return null;
      }
      return new VerifiedToken(UserId.of(claims.getSubject()), claims.getExpirationTime().getTime());
    } catch (ParseException | JOSEException | RuntimeException e) {
      return null;
    }
  }

  /** Whether {@code claims} have an {@code exp} not past and no {@code nbf} ahead, each with {@link #CLOCK_SKEW}. */
  static boolean withinLifetime(JWTClaimsSet claims, long nowMillis) {
    Date expires = claims.getExpirationTime();
    Date notBefore = claims.getNotBeforeTime();
    return expires != null && nowMillis <= expires.getTime() + CLOCK_SKEW.toMillis()
        && (notBefore == null || nowMillis >= notBefore.getTime() - CLOCK_SKEW.toMillis());
  }

  /** A token this server accepted: whose it is, and until when (epoch milliseconds, its {@code exp}). */
  record VerifiedToken(UserId user, long expiresAtMillis) {}
}
