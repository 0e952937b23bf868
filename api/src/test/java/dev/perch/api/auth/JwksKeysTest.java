package dev.perch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwksKeysTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
  private final List<JWK> published = new ArrayList<>();

  private void publish(String keyId) throws IOException, JOSEException {
    published.add(new RSAKeyGenerator(2048).keyID(keyId).generate());
    Files.writeString(dir.resolve("jwks.json"), new JWKSet(published).toString(false));
  }

  @Test
  void aFileSetIsReadWithoutItsPrivatePartsAndAnUnknownKeyReadsItAgainAtMostEveryTenSeconds() throws Exception {
    publish("k1");
    JwksKeys keys = new JwksKeys(dir.resolve("jwks.json").toUri(), Duration.ofMinutes(5), clock);
    keys.fetch().block(DEADLINE);
    assertThat(keys.current().getKeys()).extracting(JWK::getKeyID).containsExactly("k1");
    assertThat(keys.current().getKeys()).noneMatch(JWK::isPrivate);

    publish("k2");
    keys.unknownKey();
    await().atMost(DEADLINE).until(() -> keys.current().getKeys().size() == 2);

    publish("k3");
    clock.now = clock.now.plus(JwksKeys.UNKNOWN_KEY_INTERVAL);
    keys.unknownKey();
    await().atMost(DEADLINE).until(() -> keys.current().getKeys().size() == 3);
  }

  @Test
  void aFailedReadKeepsTheKeysItHad() throws Exception {
    publish("k1");
    JwksKeys keys = new JwksKeys(dir.resolve("jwks.json").toUri(), Duration.ofMinutes(5), clock);
    keys.fetch().block(DEADLINE);
    Files.writeString(dir.resolve("jwks.json"), "{not json");
    assertThatThrownBy(() -> keys.fetch().block(DEADLINE)).hasMessageContaining("not a JWK Set");
    assertThat(keys.current().getKeys()).hasSize(1);
  }

  @Test
  void onlyHttpAndFileSetsAreTaken() {
    assertThatThrownBy(() -> new JwksKeys(URI.create("ldap://idp.example.test/keys"), Duration.ofMinutes(5), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
