package dev.perch.loadgen.target;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Perch user's updates: {@code GET /v1/updates?cursor=&timeout=&limit=}, starting at
 * {@code cursor=0} and continuing from the cursor each answer returns.
 */
final class PerchInbox implements Inbox {

  private final HttpClient client;
  private final int limit;
  private final JsonMapper json;
  private volatile long cursor;

  PerchInbox(HttpClient client, int limit, JsonMapper json) {
    this.client = client;
    this.limit = limit;
    this.json = json;
  }

  @Override
  public Mono<Batch> poll(Duration timeout) {
    return Mono.defer(() -> client.get()
        .uri("/v1/updates?cursor=" + cursor + "&timeout=" + timeout.toSeconds() + "&limit=" + limit)
        .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> {
          long arrived = System.nanoTime();
          int status = response.status().code();
          if (status != 200) {
            throw new HttpStatusException("GET /v1/updates", status, new String(bytes, StandardCharsets.UTF_8));
          }
          Answer answer = parse(json, bytes);
          cursor = answer.cursor();
          return new Batch(arrived, answer.items());
        })));
  }

  /** A poll answer: the cursor to continue from and the message updates, in seq order. */
  record Answer(long cursor, List<Received> items) {}

  /** Reads {@code {"cursor":"…","updates":[{"seq":…,"type":"message","message":{"text":…}}]}}. */
  static Answer parse(JsonMapper json, byte[] body) {
    JsonNode root = json.readTree(body);
    long cursor = Long.parseLong(root.path("cursor").asString());
    List<Received> items = new ArrayList<>();
    for (JsonNode update : root.path("updates")) {
      if ("message".equals(update.path("type").asString())) {
        long seq = update.path("seq").asLong();
        items.add(new Received(update.path("message").path("text").asString(), new Position(seq, 0)));
      }
    }
    return new Answer(cursor, items);
  }
}
