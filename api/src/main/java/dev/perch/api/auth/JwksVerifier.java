package dev.perch.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.perch.api.auth.TokenVerifier.VerifiedToken;
import dev.perch.model.UserId;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

/**
 * Verifies tokens of an identity provider: a JWS signed with RSA (RS256/384/512, PS256/384/512) or
 * EC (ES256/384/512) by a key of its {@link JwksKeys} (chosen by {@code kid}, key type, use and
 * algorithm), the lifetime rules of {@link TokenVerifier}, {@code iss} equal to the configured
 * issuer and {@code aud} holding the configured audience (each when configured), and the Perch
 * user id taken from the configured claim, which must be a valid user id. Thread-safe; CPU-bound.
 */
final class JwksVerifier {

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  private final JwksKeys keys;
  private final String issuer;
  private final String audience;
  private final String userClaim;

  /** {@code issuer} and {@code audience} blank: not checked. */
  JwksVerifier(JwksKeys keys, String issuer, String audience, String userClaim) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.userClaim = userClaim;
  }

  static boolean handles(JWSAlgorithm algorithm) {
    return ALGORITHMS.contains(algorithm);
  }

  /** The token's user and expiry, or null when it is not one of the provider's valid tokens. */
  VerifiedToken verify(SignedJWT jwt, long nowMillis) throws ParseException, JOSEException {
    List<JWK> candidates = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(keys.current());
    if (candidates.isEmpty()) {
      keys.unknownKey();
      return null;
    }
    for (JWK key : candidates) {
      JWSVerifier verifier = verifierFor(key);
      if (verifier != null && jwt.verify(verifier)) {
        return claims(jwt.getJWTClaimsSet(), nowMillis);
      }
    }
    return null;
  }

  private VerifiedToken claims(JWTClaimsSet claims, long nowMillis) throws ParseException {
    if (!TokenVerifier.withinLifetime(claims, nowMillis)
        || !issuer.isEmpty() && !issuer.equals(claims.getIssuer())
        || !audience.isEmpty() && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
      return null;
    }
    String user = claims.getStringClaim(userClaim);
    return user == null ? null : new VerifiedToken(UserId.of(user), claims.getExpirationTime().getTime());
  }

  private static JWSVerifier verifierFor(JWK key) throws JOSEException {
    if (key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa);
    }
    if (key instanceof ECKey ec) {
      return new ECDSAVerifier(ec);
    }
    return null;
  }
}
