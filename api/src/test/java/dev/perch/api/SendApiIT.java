package dev.perch.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class SendApiIT extends ApiTestSupport {

  @Test
  void sendAnswers201WithTheStoredMessageAndBothStreamsGetIt() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    send(alice, bob, "hi bob").expectStatus().isCreated()
        .expectHeader().contentType(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.id").isNotEmpty()
        .jsonPath("$.from").isEqualTo(alice)
        .jsonPath("$.to").isEqualTo(bob)
        .jsonPath("$.text").isEqualTo("hi bob")
        .jsonPath("$.sentAt").isNotEmpty();

    for (String user : new String[] {alice, bob}) {
      http.get().uri("/v1/updates?cursor=0&timeout=0").headers(bearer(user)).exchange()
          .expectStatus().isOk()
          .expectBody()
          .jsonPath("$.cursor").isEqualTo("1")
          .jsonPath("$.updates[0].seq").isEqualTo(1)
          .jsonPath("$.updates[0].type").isEqualTo("message")
          .jsonPath("$.updates[0].message.text").isEqualTo("hi bob");
    }
  }

  @Test
  void aRepeatedClientMsgIdAnswers200WithTheSameMessage() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    Map<String, String> body = Map.of("to", bob, "text", "once", "clientMsgId", "c-1");
    byte[] first = http.post().uri("/v1/messages").headers(bearer(alice)).bodyValue(body).exchange()
        .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
    http.post().uri("/v1/messages").headers(bearer(alice)).bodyValue(body).exchange()
        .expectStatus().isOk().expectBody().json(new String(first));
    http.get().uri("/v1/updates?cursor=0&timeout=0").headers(bearer(bob)).exchange()
        .expectBody().jsonPath("$.updates.length()").isEqualTo(1);
  }

  @Test
  void malformedJsonIsA400Problem() {
    http.post().uri("/v1/messages").headers(bearer(freshUser("alice")))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"to\":\"bob\",")
        .exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code").isEqualTo("malformed_json")
        .jsonPath("$.status").isEqualTo(400)
        .jsonPath("$.detail").value(not(containsString("Exception")));
  }

  @Test
  void anEmptyBodyIsMalformed() {
    http.post().uri("/v1/messages").headers(bearer(freshUser("alice")))
        .contentType(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("malformed_json");
  }

  @Test
  void missingOrBlankTextIsRejected() {
    String alice = freshUser("alice");
    http.post().uri("/v1/messages").headers(bearer(alice)).bodyValue(Map.of("to", "bob")).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("text_required");
    send(alice, "bob", " \n\t ").expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("text_required");
  }

  @Test
  void textOver4096CharactersIsRejected() {
    send(freshUser("alice"), "bob", "x".repeat(4097)).expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("text_too_long");
  }

  @Test
  void aBodyOver64KibIs413() {
    http.post().uri("/v1/messages").headers(bearer(freshUser("alice")))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"to\":\"bob\",\"text\":\"" + "x".repeat(70 * 1024) + "\"}")
        .exchange()
        .expectStatus().isEqualTo(413)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("body_too_large");
  }

  @Test
  void anInvalidOrMissingRecipientIsRejected() {
    String alice = freshUser("alice");
    send(alice, "not a user!", "hi").expectStatus().isBadRequest()
        .expectBody().jsonPath("$.code").isEqualTo("invalid_user_id");
    http.post().uri("/v1/messages").headers(bearer(alice)).bodyValue(Map.of("text", "hi")).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_user_id");
  }

  @Test
  void aNonJsonContentTypeIs415() {
    http.post().uri("/v1/messages").headers(bearer(freshUser("alice")))
        .contentType(MediaType.TEXT_PLAIN).bodyValue("hi")
        .exchange()
        .expectStatus().isEqualTo(415)
        .expectBody().jsonPath("$.code").isEqualTo("unsupported_media_type");
  }

  @Test
  void withoutAValidTokenTheAnswerIs401() {
    http.post().uri("/v1/messages").bodyValue(Map.of("to", "bob", "text", "hi")).exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
    http.get().uri("/v1/updates").headers(h -> h.setBearerAuth("not.a.token")).exchange()
        .expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
    String forged = new dev.perch.api.auth.Tokens(dev.perch.api.auth.JwtSecret.resolve("another-secret-of-at-least-32-bytes!!", null))
        .mint(dev.perch.model.UserId.of("alice"), java.time.Instant.now(), java.time.Duration.ofMinutes(1));
    http.get().uri("/v1/updates").headers(h -> h.setBearerAuth(forged)).exchange()
        .expectStatus().isUnauthorized();
  }

  @Test
  void anExpiredTokenIs401() {
    String expired = TOKENS.mint(dev.perch.model.UserId.of("alice"),
        java.time.Instant.now().minus(java.time.Duration.ofHours(2)), java.time.Duration.ofHours(1));
    http.get().uri("/v1/updates?timeout=0").headers(h -> h.setBearerAuth(expired)).exchange()
        .expectStatus().isUnauthorized();
  }

  @Test
  void nonStringValuesForStringFieldsAreMalformed() {
    String alice = freshUser("alice");
    http.post().uri("/v1/messages").headers(bearer(alice)).bodyValue(Map.of("to", "bob", "text", 5)).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed_json");
    http.post().uri("/v1/messages").headers(bearer(alice)).bodyValue(Map.of("to", 42, "text", "hi")).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed_json");
  }

  @Test
  void aTokenWithoutExpiryIs401() throws Exception {
    com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
        new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
        new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("alice").build());
    jwt.sign(new com.nimbusds.jose.crypto.MACSigner(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    http.get().uri("/v1/updates?timeout=0").headers(h -> h.setBearerAuth(jwt.serialize())).exchange()
        .expectStatus().isUnauthorized();
  }

  @Test
  void aKnownPathWithTheWrongMethodIs405() {
    http.delete().uri("/v1/messages").headers(bearer("alice")).exchange()
        .expectStatus().isEqualTo(405)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("method_not_allowed");
    http.post().uri("/v1/updates").headers(bearer("alice")).exchange()
        .expectStatus().isEqualTo(405);
  }

  @Test
  void unknownPathsAre404Problems() {
    http.get().uri("/v1/nothing-here").headers(bearer("alice")).exchange()
        .expectStatus().isNotFound()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("not_found");
  }
}
