package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Presence over HTTP on an embedded node: who is online, and the presence updates peers get. */
@TestPropertySource(properties = {"perch.presence.grace=2s", "perch.presence.coalesce=0s"})
class PresenceApiIT extends ApiTestSupport {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private String body(WebTestClient.ResponseSpec response) {
    return new String(response.expectBody().returnResult().getResponseBody());
  }

  private WebTestClient.ResponseSpec presence(String caller, String query) {
    return http.get().uri("/v1/presence?" + query).headers(bearer(caller)).exchange();
  }

  private Map<String, Object> presenceOf(String caller, String user) {
    List<Map<String, Object>> users = JsonPath.read(body(presence(caller, "users=" + user).expectStatus().isOk()),
        "$.users");
    assertThat(users).hasSize(1);
    return users.get(0);
  }

  private List<String> presenceUpdates(String user) {
    String answer = body(http.get().uri("/v1/updates?cursor=0&timeout=0&types=presence").headers(bearer(user))
        .exchange().expectStatus().isOk());
    List<Map<String, String>> changes = JsonPath.read(answer, "$.updates[*].presence");
    return changes.stream().map(change -> change.get("user") + " " + change.get("state")).toList();
  }

  private CompletableFuture<Void> parkPoll(String user, int timeoutSeconds) {
    return CompletableFuture.runAsync(() -> http.get().uri("/v1/updates?timeout=" + timeoutSeconds)
        .headers(bearer(user)).exchange().expectStatus().isOk());
  }

  @Test
  void aParkedPollMakesAUserOnlineWithItsDevicesAndTheirPeerIsTold() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    send(alice, bob, "hi").expectStatus().isCreated();
    assertThat(presenceOf(alice, bob)).containsEntry("state", "offline").doesNotContainKey("lastSeen");

    CompletableFuture<Void> first = parkPoll(bob, 4);
    CompletableFuture<Void> second = parkPoll(bob, 4);
    await().atMost(WAIT).untilAsserted(() -> assertThat(presenceOf(alice, bob))
        .containsEntry("state", "online").containsEntry("devices", 2).containsKey("lastSeen"));
    await().atMost(WAIT).until(() -> presenceUpdates(alice).equals(List.of(bob + " online")));
    assertThat(presenceOf(bob, bob)).containsEntry("state", "online");

    first.join();
    second.join();
    await().atMost(WAIT).untilAsserted(() -> assertThat(presenceOf(alice, bob))
        .containsEntry("state", "offline").containsEntry("devices", 0).containsKey("lastSeen"));
    await().atMost(WAIT).until(() -> presenceUpdates(alice).equals(List.of(bob + " online", bob + " offline")));
    assertThat(presenceUpdates(bob)).as("a user is not told of their own presence").noneMatch(u -> u.startsWith(bob));
  }

  @Test
  void aUserWhoIsNotAPeerIsUnknown() {
    String bob = freshUser("bob");
    String eve = freshUser("eve");
    CompletableFuture<Void> poll = parkPoll(bob, 3);
    await().atMost(WAIT).untilAsserted(() -> assertThat(presenceOf(bob, bob)).containsEntry("state", "online"));

    assertThat(presenceOf(eve, bob)).isEqualTo(Map.of("user", bob, "state", "unknown"));
    poll.join();
  }

  @Test
  void badListsAreRefused() {
    String alice = freshUser("alice");
    String many = IntStream.rangeClosed(0, 100).mapToObj(i -> "u" + i).collect(Collectors.joining(","));

    presence(alice, "").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_users");
    presence(alice, "users=").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_users");
    presence(alice, "users=a&users=b").expectStatus().isBadRequest().expectBody().jsonPath("$.code")
        .isEqualTo("invalid_users");
    presence(alice, "users=" + many).expectStatus().isBadRequest().expectBody().jsonPath("$.code")
        .isEqualTo("too_many_users");
    presence(alice, "users=ok,not%20ok").expectStatus().isBadRequest().expectBody().jsonPath("$.code")
        .isEqualTo("invalid_user_id");
    presence(alice, "users=a,,b").expectStatus().isBadRequest().expectBody().jsonPath("$.code")
        .isEqualTo("invalid_user_id");
    http.get().uri("/v1/presence?users=" + alice).exchange().expectStatus().isUnauthorized();
  }
}
