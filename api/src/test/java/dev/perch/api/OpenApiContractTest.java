package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What {@link OpenApiContract} lets pass and what it fails, on answers made up to fit or not fit the document. */
class OpenApiContractTest {

  private static final OpenApiContract CONTRACT = OpenApiContract.DOCUMENT;
  private static final String MESSAGE = "{\"id\":\"252181611934646272\",\"conversationId\":\"alice.bob\","
      + "\"from\":\"alice\",\"to\":\"bob\",\"text\":\"hi bob\",\"clientMsgId\":\"m-1\","
      + "\"sentAt\":\"2026-11-27T21:19:41.601Z\"}";
  private static final Map<String, String> SENT = Map.of("content-type", "application/json",
      "location", "/v1/conversations/alice.bob/messages", "x-perch-node", "0");

  private static Function<String, String> headers(Map<String, String> lowerCase) {
    return name -> lowerCase.get(name.toLowerCase(Locale.ROOT));
  }

  private static void check(String method, String path, int status, Map<String, String> headers, String body) {
    CONTRACT.answer(method, path, status, headers(headers)).check(body);
  }

  @Test
  void aSentMessageAsTheServerWritesItFits() {
    assertThatCode(() -> check("POST", "/v1/messages", 201, SENT, MESSAGE)).doesNotThrowAnyException();
  }

  @Test
  void aRenamedFieldFails() {
    assertThatThrownBy(() -> check("POST", "/v1/messages", 201, SENT, MESSAGE.replace("\"from\"", "\"sender\"")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("does not fit");
  }

  @Test
  void aOneToOneMessageWithoutItsRecipientFails() {
    assertThatThrownBy(() -> check("POST", "/v1/messages", 201, SENT, MESSAGE.replace("\"to\":\"bob\",", "")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("does not fit");
  }

  @Test
  void aStatusTheOperationDoesNotHaveFails() {
    assertThatThrownBy(() -> check("POST", "/v1/messages", 202, SENT, MESSAGE))
        .isInstanceOf(AssertionError.class).hasMessageContaining("a status the document does not have");
  }

  @Test
  void aContentTypeTheResponseDoesNotHaveFails() {
    Map<String, String> plain = Map.of("content-type", "text/plain", "location", "/v1/conversations/alice.bob/messages",
        "x-perch-node", "0");
    assertThatThrownBy(() -> check("POST", "/v1/messages", 201, plain, MESSAGE))
        .isInstanceOf(AssertionError.class).hasMessageContaining("documented only as application/json");
  }

  @Test
  void aMissingRequiredHeaderOrAHeaderOutOfItsSchemaFails() {
    assertThatThrownBy(() -> check("POST", "/v1/messages", 201,
        Map.of("content-type", "application/json", "x-perch-node", "0"), MESSAGE))
        .isInstanceOf(AssertionError.class).hasMessageContaining("without the header Location");
    assertThatThrownBy(() -> check("POST", "/v1/messages", 201, Map.of("content-type", "application/json",
        "location", "/v1/conversations/alice.bob/messages", "x-perch-node", "node-0"), MESSAGE))
        .isInstanceOf(AssertionError.class).hasMessageContaining("X-Perch-Node: node-0");
  }

  @Test
  void aProblemCodeFitsOnlyItsOwnStatus() {
    Map<String, String> problem = Map.of("content-type", "application/problem+json");
    String forbidden = "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"no\","
        + "\"instance\":\"/v1/groups/g~1\",\"code\":\"forbidden\"}";
    assertThatCode(() -> check("GET", "/v1/groups/g~1", 403, problem, forbidden)).doesNotThrowAnyException();
    assertThatThrownBy(() -> check("GET", "/v1/groups/g~1", 403, problem,
        forbidden.replace("\"forbidden\"", "\"nope\"")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("does not fit");
    assertThatThrownBy(() -> check("GET", "/v1/groups/g~1", 403, problem,
        forbidden.replace("\"forbidden\"", "\"invalid_group_id\"")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("does not fit");
  }

  @Test
  void aRequestThatIsNoOperationIsHeldToTheOtherRequestsResponses() {
    Map<String, String> problem = Map.of("content-type", "application/problem+json");
    String notFound = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
        + "\"detail\":\"No such endpoint.\",\"instance\":\"/v1/nothing-here\",\"code\":\"not_found\"}";
    assertThatCode(() -> check("GET", "/v1/nothing-here", 404, problem, notFound)).doesNotThrowAnyException();
    assertThatThrownBy(() -> check("GET", "/v1/nothing-here", 200, Map.of("content-type", "application/json"), "{}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("a status the document does not have");
    assertThatThrownBy(() -> check("HEAD", "/v1/messages", 405, problem, ""))
        .isInstanceOf(AssertionError.class).hasMessageContaining("without the header Allow");
  }

  @Test
  void streamedEventsAreCheckedOneByOneAcrossChunks() {
    OpenApiContract.Body stream = CONTRACT.answer("GET", "/v1/updates/stream", 200,
        headers(Map.of("content-type", "text/event-stream", "x-perch-node", "0", "x-accel-buffering", "no")));
    String event = "id: 1\nevent: message\ndata: {\"seq\":1,\"type\":\"message\",\"message\":" + MESSAGE + "}\n\n";
    assertThatCode(() -> {
      stream.feed(bytes(": ping\n\n" + event.substring(0, 20)));
      stream.feed(bytes(event.substring(20)));
    }).doesNotThrowAnyException();
    assertThatThrownBy(() -> stream.feed(bytes(event.replace("id: 1", "id: 2"))))
        .isInstanceOf(AssertionError.class).hasMessageContaining("id 2 is not its seq");
    assertThatThrownBy(() -> stream.feed(bytes(event.replace("\"type\":\"message\"", "\"type\":\"gossip\""))))
        .isInstanceOf(AssertionError.class).hasMessageContaining("does not fit");
  }

  @Test
  void ndjsonLinesAreItemsAndEmptyLinesKeepAlives() {
    OpenApiContract.Body stream = CONTRACT.answer("GET", "/v1/updates/stream", 200,
        headers(Map.of("content-type", "application/x-ndjson", "x-perch-node", "0", "x-accel-buffering", "no")));
    assertThatCode(() -> stream.feed(bytes("\n{\"seq\":1,\"type\":\"message\",\"message\":" + MESSAGE + "}\n")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> stream.feed(bytes("{\"seq\":2,\"type\":\"read\",\"message\":" + MESSAGE + "}\n")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("does not fit");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
