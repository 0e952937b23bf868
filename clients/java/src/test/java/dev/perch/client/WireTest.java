package dev.perch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WireTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aProblemGivesItsStatusCodeDetailAndRetryAfter() {
    PerchException e = Wire.problem(503, bytes("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
        + "\"detail\":\"The store cannot take the request now.\",\"instance\":\"/v1/messages\",\"code\":\"store_unavailable\"}"),
        Duration.ofSeconds(1));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("store_unavailable");
    assertThat(e.detail()).isEqualTo("The store cannot take the request now.");
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(e).hasMessage("503 store_unavailable: The store cannot take the request now.");
  }

  @Test
  void anAnswerThatIsNoProblemHasNoCodeAndItsStartAsDetail() {
    PerchException page = Wire.problem(502, bytes("<html><body>Bad Gateway</body></html>"), null);
    assertThat(page.code()).isEmpty();
    assertThat(page.detail()).isEqualTo("<html><body>Bad Gateway</body></html>");

    PerchException empty = Wire.problem(504, new byte[0], null);
    assertThat(empty.code()).isEmpty();
    assertThat(empty.detail()).isEqualTo("(no body)");

    PerchException jsonWithoutCode = Wire.problem(500, bytes("{\"error\":\"x\"}"), null);
    assertThat(jsonWithoutCode.code()).isEmpty();

    PerchException long_ = Wire.problem(502, bytes("x".repeat(1000)), null);
    assertThat(long_.detail()).hasSize(203).endsWith("...");
  }

  @Test
  void aBatchReadsEveryKnownTypeAndPassesOverOthers() {
    UpdateBatch batch = Wire.batch(bytes("{\"cursor\":\"9\",\"updates\":["
        + "{\"seq\":1,\"type\":\"member\",\"member\":{\"groupId\":\"g~1\",\"by\":\"alice\",\"added\":[\"alice\",\"bob\"],\"removed\":[]}},"
        + "{\"seq\":2,\"type\":\"message\",\"message\":{\"id\":\"252181611934646272\",\"conversationId\":\"alice.bob\","
        + "\"from\":\"alice\",\"to\":\"bob\",\"text\":\"hi bob\",\"clientMsgId\":\"m-1\",\"sentAt\":\"2026-11-27T21:19:41.601Z\"}},"
        + "{\"seq\":5,\"type\":\"presence\",\"presence\":{}},"
        + "{\"seq\":9,\"type\":\"read\",\"read\":{\"conversationId\":\"alice.bob\",\"user\":\"bob\",\"upTo\":\"252181611934646272\"}}]}"));

    assertThat(batch.cursor()).isEqualTo(9);
    assertThat(batch.updates()).extracting(Update::seq).containsExactly(1L, 2L, 9L);
    assertThat(batch.updates().get(0).member())
        .isEqualTo(new MemberChange("g~1", "alice", List.of("alice", "bob"), List.of()));
    assertThat(batch.updates().get(1).message()).isEqualTo(new Message(252181611934646272L, "alice.bob", "alice", "bob",
        "hi bob", "m-1", Instant.parse("2026-11-27T21:19:41.601Z")));
    assertThat(batch.updates().get(2).read()).isEqualTo(new ReadMarker("alice.bob", "bob", 252181611934646272L));
  }

  @Test
  void aGroupMessageHasNoRecipientAndAKeylessOneNoClientMsgId() {
    Message message = Wire.message(bytes("{\"id\":\"7\",\"conversationId\":\"g~1\",\"from\":\"bob\",\"text\":\"t\","
        + "\"sentAt\":\"2026-12-02T12:23:56.592Z\"}"));
    assertThat(message.to()).isNull();
    assertThat(message.clientMsgId()).isNull();
    assertThat(message.isGroupMessage()).isTrue();
  }

  @Test
  void historyConversationsAndGroupsAreRead() {
    HistoryPage last = Wire.history(bytes("{\"messages\":[],\"next\":null}"));
    assertThat(last.hasNext()).isFalse();
    HistoryPage full = Wire.history(bytes("{\"messages\":[" + message(3) + "," + message(2) + "],\"next\":\"2\"}"));
    assertThat(full.messages()).extracting(Message::id).containsExactly(3L, 2L);
    assertThat(full.next()).isEqualTo(2L);

    List<Conversation> list = Wire.conversations(bytes("{\"conversations\":["
        + "{\"id\":\"g~1\",\"name\":\"ops\",\"unread\":0},"
        + "{\"id\":\"alice.bob\",\"peer\":\"alice\",\"lastMessage\":" + message(3) + ",\"peerReadUpTo\":\"3\",\"unread\":2,"
        + "\"unreadCapped\":true}]}"));
    assertThat(list.get(0)).isEqualTo(new Conversation("g~1", null, "ops", null, null, null, 0, false));
    assertThat(list.get(0).isGroup()).isTrue();
    assertThat(list.get(1).lastMessage().id()).isEqualTo(3L);
    assertThat(list.get(1).peerReadUpTo()).isEqualTo(3L);
    assertThat(list.get(1).unreadCapped()).isTrue();

    Group group = Wire.group(bytes("{\"id\":\"g~1\",\"name\":\"ops\",\"createdBy\":\"alice\","
        + "\"createdAt\":\"2026-12-02T12:23:56.009Z\",\"admins\":[\"alice\"],\"members\":[\"alice\",\"bob\"]}"));
    assertThat(group.members()).containsExactly("alice", "bob");
    assertThat(group.createdAt()).isEqualTo(Instant.parse("2026-12-02T12:23:56.009Z"));
  }

  @Test
  void requestBodiesAreTheApisJson() {
    assertThat(tree(Wire.send("group", "g~1", "hi \"all\"", "k-1")))
        .isEqualTo(JSON.readTree("{\"group\":\"g~1\",\"text\":\"hi \\\"all\\\"\",\"clientMsgId\":\"k-1\"}"));
    assertThat(tree(Wire.newGroup("ops", List.of("bob")))).isEqualTo(JSON.readTree("{\"name\":\"ops\",\"members\":[\"bob\"]}"));
    assertThat(tree(Wire.memberChange(List.of("dave"), List.of())))
        .isEqualTo(JSON.readTree("{\"add\":[\"dave\"],\"remove\":[]}"));
    assertThat(tree(Wire.readUpTo(42))).isEqualTo(JSON.readTree("{\"upTo\":\"42\"}"));
  }

  private static String message(long id) {
    return "{\"id\":\"" + id + "\",\"conversationId\":\"alice.bob\",\"from\":\"alice\",\"to\":\"bob\",\"text\":\"t\","
        + "\"sentAt\":\"2026-12-02T12:23:56.592Z\"}";
  }

  private static JsonNode tree(byte[] json) {
    return JSON.readTree(json);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
