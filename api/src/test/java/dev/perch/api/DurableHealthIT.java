package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.jayway.jsonpath.JsonPath;
import dev.perch.model.UserId;
import dev.perch.store.cql.SchemaRefresh;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A durable node's health against its own Redis, which the test kills and starts again: UP, then
 * DEGRADED (still 200, sends still 201 and owed) while Redis is gone, then UP once Redis is back
 * and the owed delivery is finished.
 */
class DurableHealthIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String NAMESPACE = "perch_health_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

  private final int redisPort = freePort();
  private Process redis;
  private PerchNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      CqlSession session = node.bean(CqlSession.class);
      session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + NAMESPACE).setTimeout(Duration.ofSeconds(30)));
      SchemaRefresh.settle(session);
      node.close();
    }
    if (redis != null) {
      redis.destroyForcibly();
    }
  }

  @Test
  void redisGoneIsDegradedNotDownAndTheOwedBacklogShowsUntilItIsDelivered() throws Exception {
    redis = startRedis();
    node = PerchNode.durable(1, NAMESPACE, "--perch.redis.uri=redis://127.0.0.1:" + redisPort);
    WebTestClient http = WebTestClient.bindToServer().baseUrl(node.url()).responseTimeout(Duration.ofSeconds(10)).build();
    assertThat(health(http)).isEqualTo(Map.of("status", "UP", "redis", "UP", "cql", "UP", "owedDeliveries", "UP"));

    redis.destroyForcibly().waitFor();
    await().atMost(DEADLINE).until(() -> "DEGRADED".equals(health(http).get("redis")));
    assertThat(health(http)).containsEntry("status", "DEGRADED").containsEntry("cql", "UP");
    http.post().uri("/v1/messages").headers(h -> h.setBearerAuth(token("alice"))).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("to", "bob", "text", "owed", "clientMsgId", "h-1")).exchange().expectStatus().isCreated();
    await().atMost(DEADLINE).until(() -> "DEGRADED".equals(health(http).get("owedDeliveries")));

    redis = startRedis();
    await().atMost(DEADLINE).until(() -> health(http).equals(
        Map.of("status", "UP", "redis", "UP", "cql", "UP", "owedDeliveries", "UP")));
    http.get().uri("/v1/updates?cursor=0&timeout=0").headers(h -> h.setBearerAuth(token("bob"))).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.updates[0].message.text").isEqualTo("owed");
  }

  /** The overall status and each component's, from an answer that must be 200 whatever they are but DOWN. */
  private static Map<String, String> health(WebTestClient http) {
    byte[] body = http.get().uri("/actuator/health").exchange().expectStatus().isOk()
        .expectBody().returnResult().getResponseBody();
    String json = new String(body, StandardCharsets.UTF_8);
    return Map.of("status", JsonPath.read(json, "$.status"),
        "redis", JsonPath.read(json, "$.components.redis.status"),
        "cql", JsonPath.read(json, "$.components.cql.status"),
        "owedDeliveries", JsonPath.read(json, "$.components.owedDeliveries.status"));
  }

  private static String token(String user) {
    return ApiTestSupport.TOKENS.mint(UserId.of(user), Instant.now(), Duration.ofMinutes(10));
  }

  private Process startRedis() throws IOException {
    Process started = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(this::redisAnswersPing);
    return started;
  }

  private boolean redisAnswersPing() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", redisPort)) {
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
