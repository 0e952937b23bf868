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
 * Verifies a bearer token in full: a JWS signed with HS256 and the server's key (no other
 * algorithm, {@code none} included), an {@code exp} that is required and not past, an {@code nbf}
 * that is not ahead (each with {@link #CLOCK_SKEW}), and a {@code sub} that is a valid user id.
 * Thread-safe; CPU-bound (one HMAC), no I/O.
 */
final class TokenVerifier {

  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final MACVerifier verifier;
  private final Clock clock;

  TokenVerifier(SecretKey key, Clock clock) {
    try {
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable HS256 key", e);
    }
    this.clock = clock;
  }

  /** The token's user and expiry, or null when the token is not one this server accepts. */
  VerifiedToken verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return null;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      long now = clock.millis();
      Date expires = claims.getExpirationTime();
      Date notBefore = claims.getNotBeforeTime();
      if (expires == null || now > expires.getTime() + CLOCK_SKEW.toMillis()
          || notBefore != null && now < notBefore.getTime() - CLOCK_SKEW.toMillis()) {
        return null;
      }
      return new VerifiedToken(UserId.of(claims.getSubject()), expires.getTime());
    } catch (ParseException | JOSEException | RuntimeException e) {
      return null;
    }
  }

  /** A token this server accepted: whose it is, and until when (epoch milliseconds, its {@code exp}). */
  record VerifiedToken(UserId user, long expiresAtMillis) {}
}
