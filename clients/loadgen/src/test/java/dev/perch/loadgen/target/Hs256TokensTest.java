package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class Hs256TokensTest {

  private static final byte[] SECRET = "a-benchmark-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);

  @Test
  void signsTheRfc7515Example() {
    byte[] key = Base64.getUrlDecoder().decode(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
    String header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
    String claims = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";

    String token = new Hs256Tokens(key).sign(header, claims);

    assertThat(token).isEqualTo("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  }

  @Test
  void mintsAnHs256TokenWhoseSubjectIsTheUser() throws Exception {
    String token = new Hs256Tokens(SECRET).mint("lg1-r7", Instant.ofEpochSecond(1_700_000_000), Duration.ofHours(1));

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    assertThat(decode(parts[1])).isEqualTo("{\"sub\":\"lg1-r7\",\"iat\":1700000000,\"exp\":1700003600}");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
  }

  @Test
  void refusesAShortSecretAndANonUserSubject() {
    assertThatThrownBy(() -> new Hs256Tokens(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hs256Tokens(SECRET).mint("a\"b", Instant.EPOCH, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
