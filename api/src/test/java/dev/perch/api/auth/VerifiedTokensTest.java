package dev.perch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.api.auth.TokenVerifier.VerifiedToken;
import dev.perch.model.UserId;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final AtomicInteger verifications = new AtomicInteger();

  /** Accepts "ok-…" tokens as user "ok", expiring one minute after T0, at any time; refuses the rest. */
  private final Function<String, VerifiedToken> verifier = token -> {
    verifications.incrementAndGet();
    return token.startsWith("ok-") ? new VerifiedToken(UserId.of("ok"), T0.plusSeconds(60).toEpochMilli()) : null;
  };

  @Test
  void aVerifiedTokenIsNotVerifiedAgainBeforeItExpires() {
    VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 10);

    assertThat(tokens.user("ok-alice")).isEqualTo(UserId.of("ok"));
    clock.now = T0.plusSeconds(59);
    assertThat(tokens.user("ok-alice")).isEqualTo(UserId.of("ok"));

    assertThat(verifications).hasValue(1);
  }

  @Test
  void fromItsExpiryATokenGoesToTheVerifierAgain() {
    VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 10);
    tokens.user("ok-alice");

    clock.now = T0.plusSeconds(60);
    tokens.user("ok-alice");

    assertThat(verifications).hasValue(2);
  }

  @Test
  void anExpiredTokenIsRefusedWhenTheVerifierRefusesIt() {
    Function<String, VerifiedToken> expiring = token -> clock.instant().isBefore(T0.plusSeconds(60))
        ? new VerifiedToken(UserId.of("alice"), T0.plusSeconds(60).toEpochMilli())
        : null;
    VerifiedTokens tokens = new VerifiedTokens(expiring, clock, 10);
    assertThat(tokens.user("ok-alice")).isNotNull();

    clock.now = T0.plusSeconds(61);

    assertThat(tokens.user("ok-alice")).isNull();
    assertThat(tokens.size()).isZero();
  }

  @Test
  void refusedTokensAreNeverRemembered() {
    VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 10);

    assertThat(tokens.user("forged")).isNull();
    assertThat(tokens.user("forged")).isNull();

    assertThat(verifications).hasValue(2);
    assertThat(tokens.size()).isZero();
  }

  @Test
  void itKeepsAtMostItsCapacity() {
    VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 16);

    for (int i = 0; i < 100; i++) {
      tokens.user("ok-" + i);
      assertThat(tokens.size()).isLessThanOrEqualTo(16);
    }
    tokens.user("ok-99");
    assertThat(verifications).hasValue(100);
  }

  @Test
  void longTokensAreVerifiedEveryTime() {
    VerifiedTokens tokens = new VerifiedTokens(verifier, clock, 10);
    String longToken = "ok-" + "x".repeat(VerifiedTokens.MAX_TOKEN_CHARS);

    tokens.user(longToken);
    tokens.user(longToken);

    assertThat(verifications).hasValue(2);
  }
}
