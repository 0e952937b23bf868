package dev.perch.loadgen.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NchanInboxTest {

  private static final String DATE = "Fri, 27 Nov 2026 21:03:34 GMT";
  private static final long SECONDS = 1_795_813_414L;

  private final Received received = new Received();
  private final NchanInbox inbox = new NchanInbox(7, "GET /sub/lg-r7 HTTP/1.1\r\nIf-Modified-Since: ".getBytes(StandardCharsets.US_ASCII));

  @Test
  void oneMessageIsTheWholeBody() {
    inbox.read(answer(200, "lg:1:5", DATE, "0"), 99, received);

    assertThat(received.messages()).containsExactly(new Received.Message(7, "lg:1:5", SECONDS, 0, 99));
  }

  @Test
  void severalMessagesAreNewlineTerminatedAndPlacedInOrder() {
    inbox.read(answer(200, "lg:1:5\nlg:2:6\n", DATE, "3"), 99, received);

    assertThat(received.messages()).extracting(Received.Message::text).containsExactly("lg:1:5", "lg:2:6");
    assertThat(received.messages()).extracting(Received.Message::minor).containsExactly(3L << 16, (3L << 16) | 1);
  }

  @Test
  void theFirstPollAsksForTheOldestMessage() {
    assertThat(request()).isEqualTo("GET /sub/lg-r7 HTTP/1.1\r\nIf-Modified-Since: " + NchanInbox.OLDEST_TIME
        + "\r\nIf-None-Match: 0\r\n\r\n");
  }

  @Test
  void theNextPollResumesAfterTheLastMessageOfTheAnswer() {
    inbox.read(answer(200, "a\nb\nc\n", DATE, "3"), 1, received);

    assertThat(request()).endsWith("If-Modified-Since: " + DATE + "\r\nIf-None-Match: 3\r\n\r\n");
  }

  @Test
  void aTimedOutPollKeepsTheResumePoint() {
    inbox.read(answer(200, "a", DATE, "4"), 1, received);
    inbox.read(answer(304, "", null, null), 2, received);
    inbox.read(answer(408, "", null, null), 3, received);

    assertThat(received.messages()).hasSize(1);
    assertThat(request()).endsWith("If-None-Match: 4\r\n\r\n");
  }

  @Test
  void anAnswerWithoutItsIdOrWithAnotherStatusFails() {
    assertThatThrownBy(() -> inbox.read(answer(200, "a", null, null), 1, received)).isInstanceOf(HttpStatusException.class);
    assertThatThrownBy(() -> inbox.read(answer(500, "oops", null, null), 1, received))
        .isInstanceOf(HttpStatusException.class).hasMessageContaining("oops");
  }

  @Test
  void aLaterAnswerIsPlacedAfterEveryMessageOfAnEarlierOne() {
    inbox.read(answer(200, "a\nb\nc\n", DATE, "3"), 1, received);
    inbox.read(answer(200, "d", DATE, "4"), 2, received);
    inbox.read(answer(200, "e", "Fri, 27 Nov 2026 21:03:35 GMT", "0"), 3, received);

    var messages = received.messages();
    for (int i = 1; i < messages.size(); i++) {
      Received.Message before = messages.get(i - 1);
      Received.Message after = messages.get(i);
      assertThat(after.major() > before.major() || (after.major() == before.major() && after.minor() > before.minor()))
          .as("%s after %s", after.text(), before.text()).isTrue();
    }
  }

  private String request() {
    ByteBuf request = inbox.request(ByteBufAllocator.DEFAULT);
    try {
      return request.toString(StandardCharsets.US_ASCII);
    } finally {
      request.release();
    }
  }

  private static FullHttpResponse answer(int status, String body, String lastModified, String etag) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    if (lastModified != null) {
      response.headers().set("Last-Modified", lastModified).set("Etag", etag);
    }
    return response;
  }
}
