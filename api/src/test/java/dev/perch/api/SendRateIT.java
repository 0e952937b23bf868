package dev.perch.api;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

@TightLimits
class SendRateIT extends ApiTestSupport {

  @Test
  void aSenderOverItsRateGets429WithRetryAfterAndOthersAreNotSlowed() {
    String alice = freshUser("alice");
    for (int i = 0; i < 3; i++) {
      send(alice, "bob", "burst " + i).expectStatus().isCreated();
    }
    send(alice, "bob", "one too many").expectStatus().isEqualTo(429)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals("Retry-After", "1")
        .expectBody().jsonPath("$.code").isEqualTo("rate_limited");
    send(freshUser("carol"), "bob", "carol is not alice").expectStatus().isCreated();
  }

  @Test
  void aRefusedRequestCostsNoToken() {
    String alice = freshUser("alice");
    for (int i = 0; i < 5; i++) {
      http.post().uri("/v1/messages").headers(bearer(alice)).bodyValue(Map.of("to", "bob")).exchange()
          .expectStatus().isBadRequest();
    }
    for (int i = 0; i < 3; i++) {
      send(alice, "bob", "still has its burst " + i).expectStatus().isCreated();
    }
  }

  @Test
  void aConfiguredIntegrationHasItsOwnRate() {
    for (int i = 0; i < 20; i++) {
      send("billing", freshUser("customer"), "invoice " + i).expectStatus().isCreated();
    }
  }
}
