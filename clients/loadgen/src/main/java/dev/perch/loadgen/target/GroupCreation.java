package dev.perch.loadgen.target;

import dev.perch.loadgen.http.Exchange;
import dev.perch.loadgen.http.HttpConnection;
import dev.perch.loadgen.http.HttpEndpoint;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;

/** One {@code POST /v1/groups} on a connection of its own, waited for: set-up, not measured. */
final class GroupCreation {

  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private GroupCreation() {}

  /**
   * Sends {@code head} and {@code body} and returns the made group's id.
   *
   * @throws IllegalStateException when the answer is not 201 with an id, or takes over 10 s
   */
  static String create(HttpEndpoint endpoint, byte[] head, byte[] body) {
    CompletableFuture<String> id = new CompletableFuture<>();
    HttpConnection connection = endpoint.connection();
    try {
      connection.send(Unpooled.wrappedBuffer(head, body), new Exchange() {
        @Override
        public void answered(FullHttpResponse response, long arrivedNanos) {
          String text = response.content().toString(StandardCharsets.UTF_8);
          if (response.status().code() == 201) {
            id.complete(JSON.readTree(text).path("id").asString());
          } else {
            id.completeExceptionally(new HttpStatusException("POST /v1/groups", response.status().code(), text));
          }
        }

        @Override
        public void failed(Throwable error) {
          id.completeExceptionally(error);
        }
      });
      String made = SetUp.await(id, LIMIT, "POST /v1/groups");
      if (made.isEmpty()) {
        throw new IllegalStateException("POST /v1/groups answered 201 without an id");
      }
      return made;
    } finally {
      connection.close();
    }
  }
}
