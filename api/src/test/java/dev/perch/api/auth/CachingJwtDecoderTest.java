package dev.perch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CachingJwtDecoderTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final AtomicInteger verifications = new AtomicInteger();

  /** Accepts "ok-…" tokens, which expire one minute after T0, at any time; rejects the rest. */
  private final ReactiveJwtDecoder delegate = token -> Mono.defer(() -> {
    verifications.incrementAndGet();
    return token.startsWith("ok-")
        ? Mono.just(jwt(token, T0.plusSeconds(60)))
        : Mono.error(new BadJwtException("bad token"));
  });

  @Test
  void aVerifiedTokenIsNotVerifiedAgainBeforeItExpires() {
    CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, clock, 10);

    StepVerifier.create(decoder.decode("ok-alice")).expectNextCount(1).expectComplete().verify(DEADLINE);
    clock.now = T0.plusSeconds(59);
    StepVerifier.create(decoder.decode("ok-alice"))
        .assertNext(jwt -> assertThat(jwt.getSubject()).isEqualTo("ok-alice"))
        .expectComplete()
        .verify(DEADLINE);

    assertThat(verifications).hasValue(1);
  }

  @Test
  void fromItsExpiryATokenGoesToTheDelegateAgain() {
    CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, clock, 10);
    StepVerifier.create(decoder.decode("ok-alice")).expectNextCount(1).expectComplete().verify(DEADLINE);

    clock.now = T0.plusSeconds(60);
    StepVerifier.create(decoder.decode("ok-alice")).expectNextCount(1).expectComplete().verify(DEADLINE);

    assertThat(verifications).hasValue(2);
  }

  @Test
  void anExpiredTokenIsRejectedWhenTheDelegateRejectsIt() {
    ReactiveJwtDecoder expiring = token -> Mono.defer(() -> clock.instant().isBefore(T0.plusSeconds(60))
        ? Mono.just(jwt(token, T0.plusSeconds(60)))
        : Mono.error(new BadJwtException("expired")));
    CachingJwtDecoder decoder = new CachingJwtDecoder(expiring, clock, 10);
    StepVerifier.create(decoder.decode("ok-alice")).expectNextCount(1).expectComplete().verify(DEADLINE);

    clock.now = T0.plusSeconds(61);

    StepVerifier.create(decoder.decode("ok-alice")).expectError(BadJwtException.class).verify(DEADLINE);
    assertThat(decoder.size()).isZero();
  }

  @Test
  void rejectedTokensAreNeverRemembered() {
    CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, clock, 10);

    StepVerifier.create(decoder.decode("forged")).expectError(BadJwtException.class).verify(DEADLINE);
    StepVerifier.create(decoder.decode("forged")).expectError(BadJwtException.class).verify(DEADLINE);

    assertThat(verifications).hasValue(2);
    assertThat(decoder.size()).isZero();
  }

  @Test
  void itKeepsAtMostItsCapacity() {
    CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, clock, 16);

    for (int i = 0; i < 100; i++) {
      StepVerifier.create(decoder.decode("ok-" + i)).expectNextCount(1).expectComplete().verify(DEADLINE);
      assertThat(decoder.size()).isLessThanOrEqualTo(16);
    }
    StepVerifier.create(decoder.decode("ok-99")).expectNextCount(1).expectComplete().verify(DEADLINE);
    assertThat(verifications).hasValue(100);
  }

  @Test
  void longTokensAreVerifiedEveryTime() {
    CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, clock, 10);
    String longToken = "ok-" + "x".repeat(CachingJwtDecoder.MAX_TOKEN_CHARS);

    StepVerifier.create(decoder.decode(longToken)).expectNextCount(1).expectComplete().verify(DEADLINE);
    StepVerifier.create(decoder.decode(longToken)).expectNextCount(1).expectComplete().verify(DEADLINE);

    assertThat(verifications).hasValue(2);
  }

  private static Jwt jwt(String token, Instant expiresAt) {
    return Jwt.withTokenValue(token).header("alg", "HS256").subject(token)
        .issuedAt(T0).expiresAt(expiresAt).build();
  }

  private static final class MutableClock extends Clock {

    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
