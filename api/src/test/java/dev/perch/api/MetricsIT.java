package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsIT extends ApiTestSupport {

  private String scrape() {
    byte[] body = http.get().uri("/actuator/prometheus").exchange()
        .expectStatus().isOk()
        .expectBody().returnResult().getResponseBody();
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The value of the sample whose name and labels start with {@code series}; 0 when absent. */
  private static double sample(String scrape, String series) {
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + "[^ ]* ([0-9.eE+-]+)$").matcher(scrape);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }

  @Test
  void sendsPollsAndTheNodesGaugesAreScrapedWithoutAToken() {
    String before = scrape();
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    send(alice, bob, "counted").expectStatus().isCreated();
    http.post().uri("/v1/messages").headers(bearer(alice)).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .bodyValue("{\"to\":\"bob\",\"text\":\" \"}").exchange().expectStatus().isBadRequest();
    http.get().uri("/v1/updates?cursor=0&timeout=0").headers(bearer(bob)).exchange().expectStatus().isOk();
    http.get().uri("/v1/updates?cursor=1&timeout=0").headers(bearer(bob)).exchange().expectStatus().isOk();
    String after = scrape();

    assertThat(delta(before, after, "perch_sends_total{outcome=\"created\"")).isEqualTo(1);
    assertThat(delta(before, after, "perch_sends_total{outcome=\"refused\"")).isEqualTo(1);
    assertThat(delta(before, after, "perch_send_latency_seconds_count")).isEqualTo(1);
    assertThat(delta(before, after, "perch_polls_answered_total{reason=\"data\"")).isGreaterThanOrEqualTo(1);
    assertThat(delta(before, after, "perch_polls_answered_total{reason=\"timeout\"")).isGreaterThanOrEqualTo(1);
    assertThat(after).contains("perch_send_latency_seconds_bucket{le=\"0.001\"")
        .contains("perch_polls_parked ").contains("perch_owed_outstanding ");
    assertThat(sample(after, "perch_bus_connected")).isEqualTo(1);
  }

  private static double delta(String before, String after, String series) {
    return sample(after, series) - sample(before, series);
  }
}
