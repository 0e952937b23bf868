package dev.perch.api.checker;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checker's own HTTP calls, for what it must see answer by answer: sends, polls and read
 * markers. The Java client ({@code dev.perch.client}) would retry them and hide what the checker
 * judges: 201 against 200 for a repeated clientMsgId, each status and its {@code Retry-After}, each
 * poll's cursor, seqs and limit, a key sent to two nodes at once, attempts abandoned on purpose.
 *
 * <p>Non-blocking (Reactor Netty), one connection pool for every node, large enough for every poll
 * and send the checker keeps open. Never fails: transport errors become a {@link Reply} with status
 * {@link Reply#TRANSPORT}, so callers decide about retries in one place. A caller that cancels a
 * call (its own timeout) closes that connection, which the server sees as a client disconnect.
 */
final class PerchHttp implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One answer, or why there was none. */
  record Reply(int status, JsonNode body, long retryAfterSeconds, String error) {

    /** No HTTP answer: connection refused or reset, or an unreadable answer. */
    static final int TRANSPORT = -1;
    /** The caller gave up waiting and cancelled the call. */
    static final int CANCELLED = -2;

    static Reply cancelled() {
      return new Reply(CANCELLED, null, -1, "cancelled by the client");
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The problem's {@code code}, or "" when the answer has none. */
    String code() {
      return body != null && body.has("code") ? body.get("code").asText() : "";
    }

    String describe() {
      return status < 0 ? error : status + " " + (body == null ? "(no body)" : body.toString());
    }
  }

  private final ConnectionProvider pool = ConnectionProvider.builder("history-checker")
      .maxConnections(2_000)
      .pendingAcquireMaxCount(-1)
      .pendingAcquireTimeout(Duration.ofSeconds(10))
      .maxIdleTime(Duration.ofSeconds(5))
      .build();
  private final WebClient web = WebClient.builder()
      .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)))
      .build();

  /** @param recipient {@code "to"} (a user) or {@code "group"}, and {@code id} the user's or group's id */
  Mono<Reply> send(String node, String token, String recipient, String id, String text, String clientMsgId) {
    return post(node, token, "/v1/messages", Map.of(recipient, id, "text", text, "clientMsgId", clientMsgId));
  }

  Mono<Reply> markRead(String node, String token, String conversationId, long upTo) {
    return post(node, token, "/v1/conversations/" + conversationId + "/read", Map.of("upTo", Long.toString(upTo)));
  }

  private Mono<Reply> post(String node, String token, String path, Map<String, ?> body) {
    return web.post().uri(node + path)
        .headers(h -> h.setBearerAuth(token))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchangeToMono(PerchHttp::reply)
        .onErrorResume(PerchHttp::transport);
  }

  /** @param cursor the cursor to send, or a negative number for none (start at the head) */
  Mono<Reply> poll(String node, String token, long cursor, int timeoutSeconds, int limit) {
    String query = (cursor < 0 ? "" : "cursor=" + cursor + "&") + "timeout=" + timeoutSeconds + "&limit=" + limit;
    return get(node, token, "/v1/updates?" + query);
  }

  private Mono<Reply> get(String node, String token, String pathAndQuery) {
    return web.get().uri(node + pathAndQuery)
        .headers(h -> h.setBearerAuth(token))
        .exchangeToMono(PerchHttp::reply)
        .onErrorResume(PerchHttp::transport);
  }

  private static Mono<Reply> reply(ClientResponse response) {
    int status = response.statusCode().value();
    String retryAfter = response.headers().asHttpHeaders().getFirst("Retry-After");
    long retryAfterSeconds = retryAfter == null ? -1 : parseOrMinusOne(retryAfter);
    return response.bodyToMono(String.class)
        .defaultIfEmpty("")
        .map(text -> new Reply(status, text.isEmpty() ? null : JSON.readTree(text), retryAfterSeconds, null));
  }

  private static Mono<Reply> transport(Throwable error) {
    return Mono.just(new Reply(Reply.TRANSPORT, null, -1, error.getClass().getSimpleName() + ": " + error.getMessage()));
  }

  private static long parseOrMinusOne(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    pool.disposeLater().block(Duration.ofSeconds(10));
  }
}
