package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class GroupApiIT extends ApiTestSupport {

  private WebTestClient.ResponseSpec post(String caller, String path, Object body) {
    return http.post().uri(path).headers(bearer(caller)).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
        .exchange();
  }

  private String createGroup(String creator, String... members) {
    String body = new String(post(creator, "/v1/groups", Map.of("name", "ops", "members", List.of(members)))
        .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
    return JsonPath.read(body, "$.id");
  }

  private String updates(String user) {
    return new String(http.get().uri("/v1/updates?cursor=0&timeout=0").headers(bearer(user)).exchange()
        .expectStatus().isOk().expectBody().returnResult().getResponseBody());
  }

  private void expectCode(WebTestClient.ResponseSpec response, int status, String code) {
    response.expectStatus().isEqualTo(status)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo(code);
  }

  @Test
  void aGroupIsMadeWithItsCreatorAsAdminAndEveryMemberHearsOfIt() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    String carol = freshUser("carol");
    WebTestClient.BodyContentSpec created = post(alice, "/v1/groups", Map.of("name", "ops", "members", List.of(bob, carol)))
        .expectStatus().isCreated()
        .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/v1/groups/g~"))
        .expectBody()
        .jsonPath("$.id").value(id -> assertThat((String) id).matches("g~[0-9a-z]{1,13}"))
        .jsonPath("$.name").isEqualTo("ops")
        .jsonPath("$.createdBy").isEqualTo(alice)
        .jsonPath("$.admins").isEqualTo(List.of(alice))
        .jsonPath("$.members").isEqualTo(List.of(alice, bob, carol));
    String id = JsonPath.read(new String(created.returnResult().getResponseBody()), "$.id");

    http.get().uri("/v1/groups/" + id).headers(bearer(carol)).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.members").isEqualTo(List.of(alice, bob, carol));
    String bobs = updates(bob);
    assertThat(JsonPath.<String>read(bobs, "$.updates[0].type")).isEqualTo("member");
    assertThat(JsonPath.<String>read(bobs, "$.updates[0].member.groupId")).isEqualTo(id);
    assertThat(JsonPath.<List<String>>read(bobs, "$.updates[0].member.added")).containsExactly(alice, bob, carol);
  }

  @Test
  void aGroupMessageReachesEveryMemberAndIsTheGroupsHistory() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    String carol = freshUser("carol");
    String id = createGroup(alice, bob, carol);

    post(bob, "/v1/messages", Map.of("group", id, "text", "hi all", "clientMsgId", "g-1"))
        .expectStatus().isCreated()
        .expectBody()
        .jsonPath("$.conversationId").isEqualTo(id)
        .jsonPath("$.from").isEqualTo(bob)
        .jsonPath("$.to").doesNotExist();
    post(bob, "/v1/messages", Map.of("group", id, "text", "hi all", "clientMsgId", "g-1")).expectStatus().isOk();

    for (String member : List.of(alice, bob, carol)) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(JsonPath.<List<String>>read(updates(member), "$.updates[?(@.type == 'message')].message.text"))
              .containsExactly("hi all"));
    }
    http.get().uri("/v1/conversations/" + id + "/messages").headers(bearer(carol)).exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.messages.length()").isEqualTo(1)
        .jsonPath("$.messages[0].text").isEqualTo("hi all");
    http.get().uri("/v1/conversations").headers(bearer(carol)).exchange()
        .expectStatus().isOk().expectBody()
        .jsonPath("$.conversations[0].id").isEqualTo(id)
        .jsonPath("$.conversations[0].name").isEqualTo("ops")
        .jsonPath("$.conversations[0].peer").doesNotExist()
        .jsonPath("$.conversations[0].lastMessage.text").isEqualTo("hi all")
        .jsonPath("$.conversations[0].unread").isEqualTo(1);
  }

  @Test
  void nonMembersAreRefusedAlikeWhetherOrNotTheGroupExists() {
    String alice = freshUser("alice");
    String mallory = freshUser("mallory");
    String id = createGroup(alice, freshUser("bob"));
    for (String group : List.of(id, "g~zzzzzz")) {
      expectCode(http.get().uri("/v1/groups/" + group).headers(bearer(mallory)).exchange(), 403, "forbidden");
      expectCode(post(mallory, "/v1/messages", Map.of("group", group, "text", "probe")), 403, "forbidden");
      expectCode(http.get().uri("/v1/conversations/" + group + "/messages").headers(bearer(mallory)).exchange(),
          403, "forbidden");
      expectCode(post(mallory, "/v1/groups/" + group + "/members", Map.of("add", List.of(mallory))), 403, "forbidden");
      expectCode(post(mallory, "/v1/groups/" + group + "/leave", Map.of()), 403, "forbidden");
    }
  }

  @Test
  void adminsAddAndRemoveMembersAnyMemberLeavesAndEveryoneConcernedHearsOfIt() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    String carol = freshUser("carol");
    String dave = freshUser("dave");
    String id = createGroup(alice, bob, carol);

    expectCode(post(bob, "/v1/groups/" + id + "/members", Map.of("add", List.of(dave))), 403, "not_group_admin");
    post(alice, "/v1/groups/" + id + "/members", Map.of("add", List.of(dave), "remove", List.of(carol)))
        .expectStatus().isOk().expectBody().jsonPath("$.members").isEqualTo(List.of(alice, bob, dave));
    String carols = updates(carol);
    assertThat(JsonPath.<List<List<String>>>read(carols, "$.updates[?(@.type == 'member')].member.removed"))
        .last().isEqualTo(List.of(carol));
    expectCode(http.get().uri("/v1/conversations/" + id + "/messages").headers(bearer(carol)).exchange(),
        403, "forbidden");
    assertThat(JsonPath.<List<List<String>>>read(updates(dave), "$.updates[?(@.type == 'member')].member.added"))
        .containsExactly(List.of(dave));

    post(alice, "/v1/groups/" + id + "/leave", Map.of()).expectStatus().isOk().expectBody()
        .jsonPath("$.members").isEqualTo(List.of(bob, dave))
        .jsonPath("$.admins").isEqualTo(List.of(bob));
    post(bob, "/v1/groups/" + id + "/members", Map.of("remove", List.of(dave))).expectStatus().isOk();
  }

  @Test
  void badGroupInputIsA400WithItsCode() {
    String alice = freshUser("alice");
    List<String> many = IntStream.range(0, 256).mapToObj(i -> "m" + i).toList();
    expectCode(post(alice, "/v1/groups", Map.of("name", "big", "members", many)), 400, "too_many_members");
    expectCode(post(alice, "/v1/groups", Map.of("name", "dup", "members", List.of("bob", "bob"))), 400, "duplicate_member");
    expectCode(post(alice, "/v1/groups", Map.of("name", "bad", "members", List.of("not a user"))), 400, "invalid_user_id");
    expectCode(post(alice, "/v1/groups", Map.of("name", " ", "members", List.of("bob"))), 400, "group_name_required");
    expectCode(post(alice, "/v1/groups", Map.of("name", "x".repeat(101))), 400, "group_name_too_long");
    expectCode(http.get().uri("/v1/groups/alice.bob").headers(bearer(alice)).exchange(), 400, "invalid_group_id");
    String id = createGroup(alice, "bob");
    expectCode(post(alice, "/v1/messages", Map.of("group", id, "to", "bob", "text", "both")), 400, "invalid_recipient");
    expectCode(post(alice, "/v1/messages", Map.of("group", "g~", "text", "x")), 400, "invalid_group_id");
    expectCode(post(alice, "/v1/groups/" + id + "/members", Map.of()), 400, "members_required");
    expectCode(post(alice, "/v1/groups/" + id + "/members", Map.of("add", many)), 400, "too_many_members");
  }
}
