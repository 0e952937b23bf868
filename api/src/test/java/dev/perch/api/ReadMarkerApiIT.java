package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ReadMarkerApiIT extends ApiTestSupport {

  private String body(WebTestClient.ResponseSpec response) {
    return new String(response.expectBody().returnResult().getResponseBody());
  }

  private WebTestClient.ResponseSpec post(String caller, String path, Object body) {
    return http.post().uri(path).headers(bearer(caller)).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange();
  }

  private String sent(String from, String to, String text) {
    return JsonPath.read(body(send(from, to, text).expectStatus().isCreated()), "$.id");
  }

  private String updates(String user, String query) {
    return body(http.get().uri("/v1/updates?cursor=0&timeout=0" + query).headers(bearer(user)).exchange()
        .expectStatus().isOk());
  }

  private List<Map<String, String>> reads(String user) {
    return JsonPath.read(updates(user, ""), "$.updates[?(@.type == 'read')].read");
  }

  private static String direct(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "." + b : b + "." + a;
  }

  @Test
  void aReadMarkerReachesThePeerAndTheReadersOtherDevicesAndShowsInTheList() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    String first = sent(alice, bob, "one");
    String second = sent(alice, bob, "two");
    sent(alice, bob, "three");
    String id = direct(alice, bob);

    post(bob, "/v1/conversations/" + id + "/read", Map.of("upTo", second)).expectStatus().isOk().expectBody()
        .jsonPath("$.conversationId").isEqualTo(id)
        .jsonPath("$.user").isEqualTo(bob)
        .jsonPath("$.upTo").isEqualTo(second);
    Map<String, String> marker = Map.of("conversationId", id, "user", bob, "upTo", second);
    assertThat(reads(alice)).containsExactly(marker);
    assertThat(reads(bob)).containsExactly(marker);

    post(bob, "/v1/conversations/" + id + "/read", Map.of("upTo", first)).expectStatus().isOk().expectBody()
        .jsonPath("$.upTo").isEqualTo(second);
    assertThat(reads(alice)).containsExactly(marker);

    http.get().uri("/v1/conversations").headers(bearer(bob)).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.conversations[0].readUpTo").isEqualTo(second)
        .jsonPath("$.conversations[0].unread").isEqualTo(1)
        .jsonPath("$.conversations[0].unreadCapped").doesNotExist();
    http.get().uri("/v1/conversations").headers(bearer(alice)).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.conversations[0].peerReadUpTo").isEqualTo(second)
        .jsonPath("$.conversations[0].readUpTo").doesNotExist()
        .jsonPath("$.conversations[0].unread").isEqualTo(0);
  }

  @Test
  void aFilteredPollSkipsOtherTypesButItsCursorCoversThem() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    String upTo = sent(alice, bob, "read me");
    post(bob, "/v1/conversations/" + direct(alice, bob) + "/read", Map.of("upTo", upTo)).expectStatus().isOk();

    String messagesOnly = updates(alice, "&types=message");
    assertThat(JsonPath.<List<String>>read(messagesOnly, "$.updates[*].type")).containsExactly("message");
    assertThat(JsonPath.<String>read(messagesOnly, "$.cursor")).isEqualTo("2");
    String readsOnly = updates(alice, "&types=read,member");
    assertThat(JsonPath.<List<String>>read(readsOnly, "$.updates[*].type")).containsExactly("read");
    http.get().uri("/v1/updates?types=message,bogus").headers(bearer(alice)).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_types");
  }

  @Test
  void inAGroupOnlyTheReaderAndTheAuthorsOfNewlyReadMessagesHearOfARead() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    String carol = freshUser("carol");
    String dave = freshUser("dave");
    String group = JsonPath.read(body(post(alice, "/v1/groups", Map.of("name", "ops", "members", List.of(bob, carol, dave)))
        .expectStatus().isCreated()), "$.id");
    post(alice, "/v1/messages", Map.of("group", group, "text", "from alice")).expectStatus().isCreated();
    String last = JsonPath.read(body(post(bob, "/v1/messages", Map.of("group", group, "text", "from bob"))
        .expectStatus().isCreated()), "$.id");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        JsonPath.<List<?>>read(updates(carol, "&types=message"), "$.updates").size() == 2);

    post(carol, "/v1/conversations/" + group + "/read", Map.of("upTo", last)).expectStatus().isOk();
    Map<String, String> marker = Map.of("conversationId", group, "user", carol, "upTo", last);
    for (String told : List.of(alice, bob, carol)) {
      assertThat(reads(told)).as(told).containsExactly(marker);
    }
    assertThat(reads(dave)).isEmpty();
  }

  @Test
  void badMarkersAreRefused() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    sent(alice, bob, "here");
    // Sent after "here": a marker check that took the conversation's newest message below upTo would accept it.
    String elsewhere = sent(alice, freshUser("carol"), "not here");
    String id = direct(alice, bob);
    post(bob, "/v1/conversations/" + id + "/read", Map.of("upTo", elsewhere))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("unknown_message");
    post(bob, "/v1/conversations/" + id + "/read", Map.of("upTo", "x1"))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_up_to");
    post(freshUser("mallory"), "/v1/conversations/" + id + "/read", Map.of("upTo", elsewhere))
        .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
  }
}
