package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.poll.WaiterRegistry;
import dev.perch.model.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class UpdatesApiIT extends ApiTestSupport {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Autowired
  private WaiterRegistry waiters;

  private WebClient webClient() {
    return ContractFilter.webClient("http://127.0.0.1:" + port);
  }

  private Mono<String> poll(String user, String query) {
    return webClient().get().uri("/v1/updates?" + query).headers(bearer(user))
        .retrieve().bodyToMono(String.class);
  }

  @Test
  void aParkedPollIsAnsweredBySendNotByItsTimeout() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    StepVerifier.create(poll(bob, "cursor=0&timeout=30"))
        .then(() -> await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 1))
        .then(() -> send(alice, bob, "wake up").expectStatus().isCreated())
        .assertNext(body -> assertThat(body).contains("\"cursor\":\"1\"").contains("wake up"))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertThat(waiters.size(UserId.of(bob))).isZero();
  }

  @Test
  void aTimedOutPollAnswers200EmptyWithTheSameCursor() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    send(alice, bob, "one").expectStatus().isCreated();
    http.get().uri("/v1/updates?cursor=1&timeout=1").headers(bearer(bob)).exchange()
        .expectStatus().isOk()
        .expectBody().json("{\"cursor\":\"1\",\"updates\":[]}", true);
  }

  @Test
  void withoutCursorThePollStartsAtTheHeadAndCursorZeroReadsFromTheOldest() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    send(alice, bob, "old").expectStatus().isCreated();
    http.get().uri("/v1/updates?timeout=0").headers(bearer(bob)).exchange()
        .expectBody().json("{\"cursor\":\"1\",\"updates\":[]}", true);
    http.get().uri("/v1/updates?cursor=0&timeout=0").headers(bearer(bob)).exchange()
        .expectBody().jsonPath("$.updates[0].message.text").isEqualTo("old");
  }

  @Test
  void limitCapsTheAnswerAndTheCursorResumes() {
    String alice = freshUser("alice");
    String bob = freshUser("bob");
    for (int i = 0; i < 5; i++) {
      send(alice, bob, "m" + i).expectStatus().isCreated();
    }
    http.get().uri("/v1/updates?cursor=0&limit=2").headers(bearer(bob)).exchange()
        .expectBody().jsonPath("$.cursor").isEqualTo("2").jsonPath("$.updates.length()").isEqualTo(2);
    http.get().uri("/v1/updates?cursor=2&limit=10").headers(bearer(bob)).exchange()
        .expectBody().jsonPath("$.cursor").isEqualTo("5").jsonPath("$.updates[0].message.text").isEqualTo("m2");
  }

  @Test
  void aClientDisconnectFreesItsWaiter() {
    String bob = freshUser("bob");
    Disposable parked = poll(bob, "timeout=30").subscribe();
    await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 1);
    parked.dispose();
    await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 0);
  }

  @Test
  void tooManyParkedPollsForOneUserAre429() {
    String bob = freshUser("bob");
    List<Disposable> parked = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      parked.add(poll(bob, "timeout=30").subscribe());
    }
    await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 16);
    http.get().uri("/v1/updates?timeout=30").headers(bearer(bob)).exchange()
        .expectStatus().isEqualTo(429)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals("Retry-After", "1")
        .expectBody().jsonPath("$.code").isEqualTo("too_many_polls");
    parked.forEach(Disposable::dispose);
    await().atMost(DEADLINE).until(() -> waiters.size(UserId.of(bob)) == 0);
  }

  @Test
  void badParametersAre400ProblemsWithTheirOwnCodes() {
    String bob = freshUser("bob");
    expectProblem(bob, "cursor=abc", "invalid_cursor");
    expectProblem(bob, "cursor=-1", "invalid_cursor");
    expectProblem(bob, "cursor=99&timeout=0", "invalid_cursor");
    expectProblem(bob, "timeout=61", "invalid_timeout");
    expectProblem(bob, "timeout=-1", "invalid_timeout");
    expectProblem(bob, "timeout=soon", "invalid_timeout");
    expectProblem(bob, "limit=0", "invalid_limit");
    expectProblem(bob, "limit=501", "invalid_limit");
  }

  private void expectProblem(String user, String query, String code) {
    http.get().uri("/v1/updates?" + query).headers(bearer(user)).exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo(code);
  }
}
