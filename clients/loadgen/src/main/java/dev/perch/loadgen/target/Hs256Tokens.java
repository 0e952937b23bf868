package dev.perch.loadgen.target;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the bearer tokens Perch accepts: HS256 JWTs whose {@code sub} is the user id, signed with
 * the server's secret. Kept to the JDK so the generator needs no Perch code. Thread-safe.
 */
public final class Hs256Tokens {

  private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  /** @param secret the raw key bytes, at least 32 (as Perch requires for HS256) */
  public Hs256Tokens(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("an HS256 secret is at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** A token for {@code user} (ids are [A-Za-z0-9_-], so need no JSON escaping). */
  public String mint(String user, Instant now, Duration ttl) {
    if (!user.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("not a Perch user id: " + user);
    }
    long issued = now.getEpochSecond();
    String claims = "{\"sub\":\"" + user + "\",\"iat\":" + issued + ",\"exp\":" + (issued + ttl.toSeconds()) + "}";
    return sign(HEADER, claims);
  }

  /** header.claims.signature for the given JSON texts. */
  String sign(String headerJson, String claimsJson) {
    String signingInput = encode(headerJson) + "." + encode(claimsJson);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static String encode(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
