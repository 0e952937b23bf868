package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PerchInboxTest {

  private final Received received = new Received();
  private final PerchInbox inbox = new PerchInbox(3, "&timeout=25&limit=500 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

  @Test
  void readsTheCursorAndTheMessagesInSeqOrder() {
    String body = """
        {"cursor":"12","updates":[
          {"seq":11,"type":"message","message":{"id":"1","from":"lg-s0","to":"lg-r0","text":"lg:4:100","sentAt":"x"}},
          {"message":{"text":"lg:9:200","meta":{"a":[1,2]}},"type":"message","seq":12}]}
        """;

    long cursor = read(body);

    assertThat(cursor).isEqualTo(12);
    assertThat(received.messages()).containsExactly(
        new Received.Message(3, "lg:4:100", 11, 0, 5),
        new Received.Message(3, "lg:9:200", 12, 0, 5));
  }

  @Test
  void anEmptyAnswerKeepsTheCursor() {
    assertThat(read("{\"updates\":[],\"cursor\":\"7\"}")).isEqualTo(7);
    assertThat(received.messages()).isEmpty();
  }

  @Test
  void skipsUpdatesThatAreNotMessages() {
    read("{\"cursor\":\"3\",\"updates\":[{\"seq\":3,\"type\":\"read\",\"message\":{\"text\":\"x\"}}]}");

    assertThat(received.messages()).isEmpty();
  }

  @Test
  void pollsFromTheOldestThenFromEachAnswersCursor() {
    assertThat(request()).isEqualTo("GET /v1/updates?cursor=0&timeout=25&limit=500 HTTP/1.1\r\n\r\n");

    inbox.read(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.directBuffer().writeBytes("{\"cursor\":\"41\",\"updates\":[]}".getBytes(StandardCharsets.UTF_8))), 1, received);

    assertThat(request()).startsWith("GET /v1/updates?cursor=41&timeout=25");
  }

  @Test
  void anotherStatusFails() {
    assertThatThrownBy(() -> inbox.read(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.TOO_MANY_REQUESTS,
        Unpooled.copiedBuffer("too_many_polls", StandardCharsets.UTF_8)), 1, received))
        .isInstanceOf(HttpStatusException.class).hasMessageContaining("429");
  }

  private long read(String body) {
    byte[] bytes = (" " + body).getBytes(StandardCharsets.UTF_8);
    return PerchInbox.read(3, bytes, 1, bytes.length - 1, 5, received);
  }

  private String request() {
    ByteBuf request = inbox.request(ByteBufAllocator.DEFAULT);
    try {
      return request.toString(StandardCharsets.US_ASCII);
    } finally {
      request.release();
    }
  }
}
