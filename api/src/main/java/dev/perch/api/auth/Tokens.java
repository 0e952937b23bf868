package dev.perch.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.perch.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.crypto.SecretKey;

/** Mints HS256 bearer tokens whose {@code sub} is the user id. Thread-safe. */
public final class Tokens {

  private final MACSigner signer;

  public Tokens(SecretKey key) {
    try {
      this.signer = new MACSigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable HS256 key", e);
    }
  }

  public String mint(UserId user, Instant now, Duration ttl) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(user.value())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
    return jwt.serialize();
  }
}
