package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.perch.model.UserId;
import dev.perch.poll.WaiterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class UpdateStreamIT extends ApiTestSupport {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT =
      new ParameterizedTypeReference<>() {};

  @Autowired
  private WaiterRegistry waiters;

  private WebClient.RequestHeadersSpec<?> stream(String user, String query, MediaType accept) {
    return ContractFilter.webClient("http://127.0.0.1:" + port).get().uri("/v1/updates/stream?" + query)
        .headers(bearer(user)).accept(accept);
  }

  private Flux<ServerSentEvent<String>> events(String user, String query, String lastEventId) {
    return stream(user, query, MediaType.TEXT_EVENT_STREAM)
        .headers(headers -> {
          if (lastEventId != null) {
            headers.set("Last-Event-ID", lastEventId);
          }
        })
        .retrieve().bodyToFlux(EVENT);
  }

  /** The raw chunks of the answer as text, each as it arrives. */
  private Flux<String> chunks(String user, String query, MediaType accept) {
    return stream(user, query, accept).retrieve().bodyToFlux(DataBuffer.class).map(buffer -> {
      String text = buffer.toString(StandardCharsets.UTF_8);
      DataBufferUtils.release(buffer);
      return text;
    });
  }

  @Test
  void updatesArriveAsServerSentEventsWhileTheStreamStaysOpenAndResumeFromLastEventId() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    send(alice, bob, "one").expectStatus().isCreated();
    send(alice, bob, "two").expectStatus().isCreated();
    StepVerifier.create(events(bob, "cursor=0", null))
        .assertNext(event -> {
          assertThat(event.id()).isEqualTo("1");
          assertThat(event.event()).isEqualTo("message");
          assertThat(event.data()).contains("\"seq\":1").contains("\"type\":\"message\"").contains("\"text\":\"one\"");
        })
        .assertNext(event -> assertThat(event.id()).isEqualTo("2"))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 1))
        .then(() -> send(alice, bob, "three").expectStatus().isCreated())
        .assertNext(event -> {
          assertThat(event.id()).isEqualTo("3");
          assertThat(event.data()).contains("\"text\":\"three\"");
        })
        .thenCancel()
        .verify(DEADLINE);
    await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 0);

    send(alice, bob, "four").expectStatus().isCreated();
    StepVerifier.create(events(bob, "cursor=0", "3"))
        .assertNext(event -> {
          assertThat(event.id()).isEqualTo("4");
          assertThat(event.data()).contains("\"text\":\"four\"");
        })
        .thenCancel()
        .verify(DEADLINE);
  }

  @Test
  void aStreamWithNothingPendingStartsWithAKeepAliveSoItsHeadersArriveAtOnce() {
    String bob = freshUser("bob");
    StepVerifier.create(chunks(bob, "", MediaType.TEXT_EVENT_STREAM))
        .expectNext(": ping\n\n")
        .thenCancel()
        .verify(DEADLINE);
    StepVerifier.create(chunks(bob, "", MediaType.parseMediaType("application/x-ndjson")))
        .expectNext("\n")
        .thenCancel()
        .verify(DEADLINE);
  }

  @Test
  void ndjsonWritesOneUpdatePerLineAndTypesFilterTheStream() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    String id = JsonPath.read(new String(send(alice, bob, "hello").expectStatus().isCreated().expectBody()
        .returnResult().getResponseBody(), StandardCharsets.UTF_8), "$.id");
    http.post().uri("/v1/conversations/" + conversation(alice, bob) + "/read").headers(bearer(bob))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("upTo", id)).exchange().expectStatus().isOk();
    StepVerifier.create(chunks(bob, "cursor=0&types=message", MediaType.parseMediaType("application/x-ndjson")))
        .assertNext(chunk -> assertThat(chunk).startsWith("{\"seq\":1,\"type\":\"message\"")
            .contains("\"text\":\"hello\"").endsWith("}\n").containsOnlyOnce("\n"))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 1))
        .then(() -> send(alice, bob, "again").expectStatus().isCreated())
        .assertNext(chunk -> assertThat(chunk).startsWith("{\"seq\":3,\"type\":\"message\"")
            .contains("\"text\":\"again\""))
        .thenCancel()
        .verify(DEADLINE);
  }

  @Test
  void badStreamRequestsAreProblemsBeforeTheStreamStarts() {
    String bob = freshUser("bob");
    expectProblem(stream(bob, "cursor=abc", MediaType.TEXT_EVENT_STREAM), 400, "invalid_cursor");
    expectProblem(stream(bob, "cursor=9", MediaType.TEXT_EVENT_STREAM), 400, "invalid_cursor");
    expectProblem(stream(bob, "", MediaType.TEXT_EVENT_STREAM).header("Last-Event-ID", "-2"), 400, "invalid_cursor");
    expectProblem(stream(bob, "types=gossip", MediaType.TEXT_EVENT_STREAM), 400, "invalid_types");
    expectProblem(stream(bob, "", MediaType.APPLICATION_XML), 406, "not_acceptable");
    http.get().uri("/v1/updates/stream").exchange().expectStatus().isUnauthorized();
  }

  private static String conversation(String a, String b) {
    return a.compareTo(b) < 0 ? a + "." + b : b + "." + a;
  }

  private static void expectProblem(WebClient.RequestHeadersSpec<?> request, int status, String code) {
    StepVerifier.create(request.exchangeToMono(response -> {
          assertThat(response.statusCode().value()).isEqualTo(status);
          assertThat(response.headers().contentType()).contains(MediaType.APPLICATION_PROBLEM_JSON);
          return response.bodyToMono(String.class);
        }))
        .assertNext(body -> assertThat(body).contains("\"code\":\"" + code + "\""))
        .expectComplete()
        .verify(DEADLINE);
  }
}
