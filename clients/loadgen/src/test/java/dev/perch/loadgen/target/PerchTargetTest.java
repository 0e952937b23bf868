package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PerchTargetTest {

  private static final byte[] SECRET = "a-benchmark-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<String> acknowledged = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final Acknowledgement ack = new Acknowledgement() {
    @Override
    public void acknowledged(int recipient, long id) {
      acknowledged.add(recipient + ":" + id);
    }

    @Override
    public void failed(int recipient, long id, Throwable error) {
      failures.add(error);
    }
  };

  @Test
  void sendersTakeTurnsAndEveryMessageIsWellFormedJson() throws Exception {
    try (FakeServer server = new FakeServer(request -> new FakeServer.Answer(201, Map.of(), "{}"));
        PerchTarget target = target(server, 2)) {
      for (long id = 0; id < 4; id++) {
        target.publish(5, id, 1000 + id, ack);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> acknowledged.size() == 4);

      assertThat(acknowledged).containsExactlyInAnyOrder("5:0", "5:1", "5:2", "5:3");
      for (FakeServer.Request request : server.requests) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/v1/messages");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("to").asString()).isEqualTo("lgt-r5");
        Payload payload = Payload.decode(body.path("text").asString());
        assertThat(payload.dueNanos()).isEqualTo(1000 + payload.id());
        assertThat(body.path("clientMsgId").asString()).isEqualTo("lgt-m" + payload.id());
        assertThat(subject(request.header("Authorization"))).isEqualTo("lgt-s" + payload.id() % 2);
      }
    }
  }

  @Test
  void oneSenderSendsEverything() throws Exception {
    try (FakeServer server = new FakeServer(request -> new FakeServer.Answer(201, Map.of(), "{}"));
        PerchTarget target = target(server, 1)) {
      for (long id = 0; id < 3; id++) {
        target.publish(id == 1 ? 8 : 5, id, 0, ack);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> acknowledged.size() == 3);

      assertThat(server.requests).extracting(r -> subject(r.header("Authorization"))).containsOnly("lgt-s0");
    }
  }

  @Test
  void aRefusedMessageFailsWithItsStatus() throws Exception {
    try (FakeServer server = new FakeServer(request -> new FakeServer.Answer(503, Map.of(), "{\"code\":\"overloaded\"}"));
        PerchTarget target = target(server, 1)) {
      target.publish(1, 0, 0, ack);
      await().atMost(Duration.ofSeconds(5)).until(() -> failures.size() == 1);

      assertThat(failures.get(0)).isInstanceOf(HttpStatusException.class).hasMessageContaining("503");
    }
  }

  @Test
  void aPollerKeepsOneConnectionAndFollowsTheCursor() throws Exception {
    try (FakeServer server = new FakeServer(request -> new FakeServer.Answer(200, Map.of(), request.uri().contains("cursor=0&")
            ? "{\"cursor\":\"2\",\"updates\":[{\"seq\":1,\"type\":\"message\",\"message\":{\"text\":\"a\"}},"
              + "{\"seq\":2,\"type\":\"message\",\"message\":{\"text\":\"b\"}}]}"
            : "{\"cursor\":\"2\",\"updates\":[]}"));
        PerchTarget target = target(server, 1)) {
      Received received = new Received();
      PollStats stats = new PollStats();
      try (Poller poller = target.poll(4, Duration.ofSeconds(1), received, stats)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> stats.answers() >= 5);
      }

      assertThat(received.messages()).extracting(Received.Message::text, Received.Message::major)
          .containsExactly(tuple("a", 1L), tuple("b", 2L));
      assertThat(server.requests.get(0).uri()).isEqualTo("/v1/updates?cursor=0&timeout=1&limit=500");
      assertThat(server.requests.get(1).uri()).startsWith("/v1/updates?cursor=2&");
      assertThat(subject(server.requests.get(0).header("Authorization"))).isEqualTo("lgt-r4");
      assertThat(server.requests).extracting(FakeServer.Request::remotePort).containsOnly(server.requests.get(0).remotePort());
      assertThat(stats.errors()).isZero();
    }
  }

  @Test
  void aGroupIsMadeByItsFirstMemberAndItsMessagesAreSentByItsFirstMembersInTurn() throws Exception {
    try (FakeServer server = new FakeServer(request -> request.uri().equals("/v1/groups")
            ? new FakeServer.Answer(201, Map.of(), "{\"id\":\"g~abc\",\"name\":\"x\"}")
            : new FakeServer.Answer(201, Map.of(), "{}"));
        PerchTarget target = target(server, 2)) {
      target.formGroup(7, 10, 3);
      for (long id = 0; id < 4; id++) {
        target.publishToGroup(7, id, 50 + id, ack);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> acknowledged.size() == 4);

      FakeServer.Request creation = server.requests.get(0);
      assertThat(creation.method()).isEqualTo("POST");
      assertThat(subject(creation.header("Authorization"))).isEqualTo("lgt-r10");
      assertThat(JSON.readTree(creation.body()).path("members").valueStream().map(JsonNode::asString))
          .containsExactly("lgt-r11", "lgt-r12");
      assertThat(acknowledged).containsExactlyInAnyOrder("7:0", "7:1", "7:2", "7:3");
      for (FakeServer.Request request : server.requests.subList(1, 5)) {
        assertThat(request.uri()).isEqualTo("/v1/messages");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("group").asString()).isEqualTo("g~abc");
        assertThat(body.has("to")).isFalse();
        Payload payload = Payload.decode(body.path("text").asString());
        assertThat(payload.dueNanos()).isEqualTo(50 + payload.id());
        assertThat(subject(request.header("Authorization"))).isEqualTo("lgt-r1" + payload.id() % 2);
      }
    }
  }

  @Test
  void aRefusedGroupFailsTheSetUp() throws Exception {
    try (FakeServer server = new FakeServer(request -> new FakeServer.Answer(400, Map.of(), "{\"code\":\"too_many_members\"}"));
        PerchTarget target = target(server, 1)) {
      assertThatThrownBy(() -> target.formGroup(1, 0, 300)).isInstanceOf(IllegalStateException.class)
          .cause().hasMessageContaining("too_many_members");
    }
  }

  private static PerchTarget target(FakeServer server, int senders) {
    return new PerchTarget(List.of(server.url()), SECRET, "lgt", senders, 500, new ClientOptions(2, 1));
  }

  private static String subject(String authorization) {
    String claims = authorization.substring("Bearer ".length()).split("\\.")[1];
    return JSON.readTree(new String(Base64.getUrlDecoder().decode(claims), StandardCharsets.UTF_8)).path("sub").asString();
  }
}
