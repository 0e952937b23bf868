package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PerchInboxTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void readsTheCursorAndTheMessagesInSeqOrder() {
    String body = """
        {"cursor":"12","updates":[
          {"seq":11,"type":"message","message":{"id":"1","from":"lg-s0","to":"lg-r0","text":"lg:4:100"}},
          {"seq":12,"type":"message","message":{"id":"2","from":"lg-s1","to":"lg-r0","text":"lg:9:200"}}]}
        """;

    PerchInbox.Answer answer = PerchInbox.parse(json, body.getBytes(StandardCharsets.UTF_8));

    assertThat(answer.cursor()).isEqualTo(12);
    assertThat(answer.items()).containsExactly(
        new Received("lg:4:100", new Position(11, 0)),
        new Received("lg:9:200", new Position(12, 0)));
  }

  @Test
  void anEmptyAnswerKeepsTheCursor() {
    PerchInbox.Answer answer = PerchInbox.parse(json, "{\"cursor\":\"7\",\"updates\":[]}".getBytes(StandardCharsets.UTF_8));

    assertThat(answer.cursor()).isEqualTo(7);
    assertThat(answer.items()).isEmpty();
  }

  @Test
  void skipsUpdatesThatAreNotMessages() {
    String body = "{\"cursor\":\"3\",\"updates\":[{\"seq\":3,\"type\":\"read\"}]}";

    assertThat(PerchInbox.parse(json, body.getBytes(StandardCharsets.UTF_8)).items()).isEmpty();
  }
}
