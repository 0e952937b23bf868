package dev.perch.api.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.api.ApiTestSupport;
import dev.perch.api.auth.JwtSecret;
import dev.perch.api.auth.Tokens;
import dev.perch.api.checker.NginxHttp.Answer;
import dev.perch.model.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What nginx answers itself, in front of nodes that are all gone (two loopback ports nothing listens
 * on): problem+json like Perch's, never nginx's HTML. No node: 503 {@code no_node_available} with
 * Retry-After, for polls and sends alike; and the requests it refuses before any node sees them.
 */
class NginxProblemsIT {

  private static final NginxHttp HTTP = new NginxHttp();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static Nginx nginx;
  private static String token;

  @BeforeAll
  static void startNginxInFrontOfNoNode() throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "nginx-problems"));
    nginx = Nginx.start(List.of("127.0.0.1:" + PerchProcess.freePort(), "127.0.0.1:" + PerchProcess.freePort()),
        dir.resolve("nginx.log"));
    token = new Tokens(JwtSecret.resolve(ApiTestSupport.SECRET, null)).mint(UserId.of("alice"), Instant.now(),
        Duration.ofHours(1));
  }

  @AfterAll
  static void stopNginx() {
    nginx.close();
  }

  @Test
  void aPollNoNodeCanAnswerIs503NoNodeAvailableWithRetryAfter() {
    Answer answer = HTTP.get(nginx.url() + "/v1/updates?timeout=5", token);

    assertProblem(answer, 503, "no_node_available");
    assertThat(answer.retryAfter()).isEqualTo("1");
  }

  @Test
  void aSendNoNodeCanAnswerIs503NoNodeAvailableWithRetryAfter() {
    Answer answer = HTTP.post(nginx.url() + "/v1/messages", token, "{\"to\":\"bob\",\"text\":\"hi\",\"clientMsgId\":\"m-1\"}");

    assertProblem(answer, 503, "no_node_available");
    assertThat(answer.retryAfter()).isEqualTo("1");
  }

  @Test
  void aBodyOver64KiBIs413BodyTooLarge() {
    String text = "x".repeat(65 * 1024);
    Answer answer = HTTP.post(nginx.url() + "/v1/messages", token, "{\"to\":\"bob\",\"text\":\"" + text + "\"}");

    assertProblem(answer, 413, "body_too_large");
  }

  @Test
  void aHeaderOver8KiBIs431HeadersTooLarge() {
    Answer answer = HTTP.get(nginx.url() + "/v1/updates?timeout=0", token + "x".repeat(9 * 1024));

    assertProblem(answer, 431, "headers_too_large");
  }

  @Test
  void twoHostHeadersAre400MalformedRequest() throws IOException {
    URI url = URI.create(nginx.url());
    String request = "GET /v1/updates?timeout=0 HTTP/1.1\r\nHost: a\r\nHost: b\r\nAuthorization: Bearer " + token
        + "\r\n\r\n";
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String response = readUntilClosed(socket.getInputStream());
      String head = response.substring(0, response.indexOf("\r\n\r\n"));
      JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));

      assertThat(head).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: application/problem+json");
      assertThat(body.get("code").asText()).isEqualTo("malformed_request");
    }
  }

  private static void assertProblem(Answer answer, int status, String code) {
    assertThat(answer.status()).as("status of %s", answer.text()).isEqualTo(status);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.code()).isEqualTo(code);
    assertThat(answer.body().get("status").asInt()).isEqualTo(status);
  }

  /** nginx closes the connection after a 400. */
  private static String readUntilClosed(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
