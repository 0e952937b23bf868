package dev.perch.api;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ConversationApiIT extends ApiTestSupport {

  @Test
  void conversationsAreListedNewestFirstWithPeerAndLastMessage() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    String carol = freshUser("carol");
    send(alice, bob, "to bob").expectStatus().isCreated();
    send(carol, alice, "from carol").expectStatus().isCreated();

    http.get().uri("/v1/conversations").headers(bearer(alice)).exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.conversations.length()").isEqualTo(2)
        .jsonPath("$.conversations[0].peer").isEqualTo(carol)
        .jsonPath("$.conversations[0].lastMessage.text").isEqualTo("from carol")
        .jsonPath("$.conversations[1].peer").isEqualTo(bob);
  }

  @Test
  void historyPagesBackwardsWithNext() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    for (int i = 0; i < 5; i++) {
      send(alice, bob, "m" + i).expectStatus().isCreated();
    }
    String id = conversationId(alice, bob);
    WebTestClient.BodyContentSpec first = http.get().uri("/v1/conversations/" + id + "/messages?limit=3")
        .headers(bearer(bob)).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.messages[0].text").isEqualTo("m4")
        .jsonPath("$.messages[2].text").isEqualTo("m2")
        .jsonPath("$.next").isNotEmpty();
    String next = com.jayway.jsonpath.JsonPath.read(new String(first.returnResult().getResponseBody()), "$.next");
    http.get().uri("/v1/conversations/" + id + "/messages?limit=3&before=" + next)
        .headers(bearer(alice)).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.messages.length()").isEqualTo(2)
        .jsonPath("$.messages[1].text").isEqualTo("m0")
        .jsonPath("$.next").doesNotExist();
  }

  @Test
  void someoneElsesConversationIs403() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    send(alice, bob, "private").expectStatus().isCreated();
    http.get().uri("/v1/conversations/" + conversationId(alice, bob) + "/messages")
        .headers(bearer(freshUser("mallory"))).exchange()
        .expectStatus().isForbidden()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("forbidden");
  }

  @Test
  void aConversationWithoutMessagesIs404() {
    String alice = freshUser("alice");
    http.get().uri("/v1/conversations/" + conversationId(alice, freshUser("zed")) + "/messages")
        .headers(bearer(alice)).exchange()
        .expectStatus().isNotFound()
        .expectBody().jsonPath("$.code").isEqualTo("unknown_conversation");
  }

  @Test
  void malformedIdsAndParametersAre400() {
    String alice = freshUser("alice");
    http.get().uri("/v1/conversations/nodot/messages").headers(bearer(alice)).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_conversation_id");
    http.get().uri("/v1/conversations/" + conversationId(alice, "bob") + "/messages?before=x").headers(bearer(alice))
        .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_before");
    http.get().uri("/v1/conversations?limit=0").headers(bearer(alice)).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_limit");
  }

  private static String conversationId(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "." + b : b + "." + a;
  }
}
