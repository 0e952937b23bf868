package dev.perch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.perch.model.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
  private static final SecretKey KEY = JwtSecret.resolve("test-secret-of-at-least-thirty-two-bytes!", null);

  private final MutableClock clock = new MutableClock(T0);
  private final TokenVerifier verifier = new TokenVerifier(KEY, clock);

  @Test
  void aTokenMintedWithTheKeyNamesItsUserUntilItsExpiry() {
    String token = new Tokens(KEY).mint(UserId.of("alice"), T0, Duration.ofMinutes(5));

    TokenVerifier.VerifiedToken verified = verifier.verify(token);

    assertThat(verified.user()).isEqualTo(UserId.of("alice"));
    assertThat(verified.expiresAtMillis()).isEqualTo(T0.plusSeconds(300).toEpochMilli());
  }

  @Test
  void expiryIsEnforcedWithSixtySecondsOfSkew() {
    String token = new Tokens(KEY).mint(UserId.of("alice"), T0, Duration.ofMinutes(5));

    clock.now = T0.plusSeconds(300 + 60);
    assertThat(verifier.verify(token)).isNotNull();
    clock.now = T0.plusSeconds(300 + 61);
    assertThat(verifier.verify(token)).isNull();
  }

  @Test
  void everyOtherTokenIsRefused() throws Exception {
    SecretKey otherKey = JwtSecret.resolve("another-secret-of-at-least-32-bytes!!", null);
    assertThat(verifier.verify(new Tokens(otherKey).mint(UserId.of("alice"), T0, Duration.ofMinutes(5)))).isNull();
    assertThat(verifier.verify(signed(JWSAlgorithm.HS256, claims("alice").build()))).isNull();
    assertThat(verifier.verify(signed(JWSAlgorithm.HS512, claims("alice").expirationTime(in(300)).build()))).isNull();
    assertThat(verifier.verify(signed(JWSAlgorithm.HS256, claims("not a user!").expirationTime(in(300)).build())))
        .isNull();
    assertThat(verifier.verify(signed(JWSAlgorithm.HS256, claims(null).expirationTime(in(300)).build()))).isNull();
    assertThat(verifier.verify(signed(JWSAlgorithm.HS256,
        claims("alice").expirationTime(in(300)).notBeforeTime(in(120)).build()))).isNull();
    assertThat(verifier.verify(new PlainJWT(claims("alice").expirationTime(in(300)).build()).serialize())).isNull();
    assertThat(verifier.verify("not.a.token")).isNull();
    assertThat(verifier.verify("")).isNull();
  }

  private static JWTClaimsSet.Builder claims(String subject) {
    return new JWTClaimsSet.Builder().subject(subject);
  }

  private static Date in(long seconds) {
    return Date.from(T0.plusSeconds(seconds));
  }

  private static String signed(JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
    byte[] secret = (algorithm == JWSAlgorithm.HS512 ? "x".repeat(64) : "test-secret-of-at-least-thirty-two-bytes!")
        .getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
    jwt.sign(new MACSigner(algorithm == JWSAlgorithm.HS512 ? secret : KEY.getEncoded()));
    return jwt.serialize();
  }
}
