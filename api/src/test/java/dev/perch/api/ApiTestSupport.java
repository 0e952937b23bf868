package dev.perch.api;

import dev.perch.api.auth.JwtSecret;
import dev.perch.api.auth.Tokens;
import dev.perch.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Starts the embedded-mode server on a random loopback port and talks to it over real HTTP; every
 * answer the client gets is checked against the OpenAPI document ({@link ContractFilter}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "perch.auth.secret=" + ApiTestSupport.SECRET)
public abstract class ApiTestSupport {

  public static final String SECRET = "test-secret-of-at-least-thirty-two-bytes!";
  protected static final Tokens TOKENS = new Tokens(JwtSecret.resolve(SECRET, null));

  @LocalServerPort
  protected int port;

  protected WebTestClient http;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .filter(ContractFilter.INSTANCE)
        .build();
  }

  protected static String freshUser(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static String token(String user) {
    return TOKENS.mint(UserId.of(user), Instant.now(), Duration.ofMinutes(10));
  }

  protected static java.util.function.Consumer<HttpHeaders> bearer(String user) {
    return headers -> headers.setBearerAuth(token(user));
  }

  protected WebTestClient.ResponseSpec send(String from, String to, String text) {
    return http.post().uri("/v1/messages").headers(bearer(from))
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .bodyValue(java.util.Map.of("to", to, "text", text))
        .exchange();
  }
}
