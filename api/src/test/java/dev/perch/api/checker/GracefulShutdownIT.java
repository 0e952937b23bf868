package dev.perch.api.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.api.ApiTestSupport;
import dev.perch.api.auth.JwtSecret;
import dev.perch.api.auth.Tokens;
import dev.perch.api.checker.PerchHttp.Reply;
import dev.perch.model.UserId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SIGTERM on a durable node (a real child process) while polls are parked on it and sends are in
 * flight: every parked poll is answered at once, empty and with its own cursor, and every send the
 * node had started is finished and answered before the process exits. A send that got no answer is
 * repeated on the restarted node: it must turn out never to have been stored (201), not stored
 * without an answer (200) or left half-delivered (503 send_in_progress).
 */
class GracefulShutdownIT {

  private static final int POLLERS = 20;
  private static final int SENDERS = 16;
  /** Parked polls must answer this soon after SIGTERM, far below their own timeout. */
  private static final Duration PROMPT = Duration.ofSeconds(3);
  private static final Duration NODE_START = Duration.ofSeconds(120);

  private final Tokens tokens = new Tokens(JwtSecret.resolve(ApiTestSupport.SECRET, null));

  /** One send and its answer. */
  private record Attempt(String from, String to, Reply reply) {}

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void sigtermAnswersParkedPollsAtOnceAndFinishesInFlightSends() throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "graceful-shutdown"));
    String namespace = Namespace.fresh("perch_sigterm_");
    PerchProcess node = PerchProcess.durable(7, namespace, ApiTestSupport.SECRET, dir);
    try (PerchHttp http = new PerchHttp(); node) {
      node.start(NODE_START);
      String url = node.url();

      List<String> pollers = new ArrayList<>();
      List<Long> cursors = new ArrayList<>();
      for (int i = 0; i < POLLERS; i++) {
        String user = "poller" + i;
        pollers.add(user);
        assertThat(http.send(url, token("warmup"), "to", user, "hello " + i, namespace + "-hello-" + i)
            .block(Duration.ofSeconds(30)).status()).isEqualTo(201);
        cursors.add(Long.parseLong(http.poll(url, token(user), -1, 0, 1).block(Duration.ofSeconds(30))
            .body().get("cursor").asText()));
      }
      Map<Integer, Long> answeredAt = new ConcurrentHashMap<>();
      List<CompletableFuture<Reply>> parked = new ArrayList<>();
      for (int i = 0; i < POLLERS; i++) {
        int index = i;
        parked.add(http.poll(url, token(pollers.get(i)), cursors.get(i), 60, 100)
            .doOnNext(reply -> answeredAt.put(index, System.nanoTime()))
            .toFuture());
      }
      // Nothing is sent to the pollers: a poll still open after 2 s of its 60 is parked.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
          .until(() -> parked.stream().noneMatch(CompletableFuture::isDone));

      Map<String, Attempt> sent = new ConcurrentHashMap<>();
      AtomicInteger acknowledged = new AtomicInteger();
      AtomicInteger next = new AtomicInteger();
      CompletableFuture<Void> sending = Flux.range(0, SENDERS)
          .flatMap(lane -> Mono.defer(() -> {
                String clientMsgId = namespace + "-" + next.incrementAndGet();
                String from = "sender" + lane;
                String to = "recipient" + lane;
                return http.send(url, token(from), "to", to, "in flight", clientMsgId)
                    .doOnNext(reply -> {
                      sent.put(clientMsgId, new Attempt(from, to, reply));
                      if (reply.ok()) {
                        acknowledged.incrementAndGet();
                      }
                    });
              })
              .repeat(() -> true)
              .takeUntil(reply -> reply.status() == Reply.TRANSPORT), SENDERS)
          .then().toFuture();
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= 100);

      long sigterm = System.nanoTime();
      int exit = node.terminate();
      long exited = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).until(sending::isDone);

      for (int i = 0; i < POLLERS; i++) {
        Reply reply = parked.get(i).join();
        assertThat(reply.status()).as("parked poll %d answered %s", i, reply.describe()).isEqualTo(200);
        assertThat(reply.body().get("cursor").asText()).as("parked poll %d keeps its cursor", i)
            .isEqualTo(Long.toString(cursors.get(i)));
        assertThat(reply.body().get("updates").isEmpty()).as("parked poll %d is empty", i).isTrue();
        assertThat(Duration.ofNanos(answeredAt.get(i) - sigterm)).as("parked poll %d answered after SIGTERM", i)
            .isLessThan(PROMPT);
      }

      node.start(NODE_START);
      List<String> broken = new ArrayList<>();
      int unanswered = 0;
      int refused = 0;
      for (Map.Entry<String, Attempt> entry : sent.entrySet()) {
        Attempt attempt = entry.getValue();
        Reply first = attempt.reply();
        boolean refusedAtShutdown = first.status() == 503 && "shutting_down".equals(first.code());
        if (first.status() == Reply.TRANSPORT) {
          unanswered++;
        } else if (refusedAtShutdown) {
          refused++;
        } else if (!first.ok()) {
          broken.add(entry.getKey() + " answered " + first.describe());
          continue;
        }
        Reply repeat = repeat(http, node.url(), entry.getKey(), attempt);
        if (first.ok() && (repeat.status() != 200
            || !repeat.body().get("id").asText().equals(first.body().get("id").asText()))) {
          broken.add(entry.getKey() + " was acknowledged, its repeat after the restart answered " + repeat.describe());
        }
        if (refusedAtShutdown && repeat.status() != 201) {
          broken.add(entry.getKey() + " was refused as the node shut down, yet the node had stored it: its repeat"
              + " answered " + repeat.describe());
        }
        if (first.status() == Reply.TRANSPORT && repeat.status() != 201) {
          broken.add(entry.getKey() + " got no answer before the node exited, yet the node had started it: its repeat"
              + " answered " + repeat.describe());
        }
      }
      System.out.printf("[sigterm] %d parked polls answered within %s of SIGTERM; exit code %d after %.1f s;"
              + " %d sends, %d acknowledged, %d refused (shutting_down), %d without an answer (connection closed)%n",
          POLLERS, PROMPT, exit, (exited - sigterm) / 1e9, sent.size(), acknowledged.get(), refused, unanswered);
      assertThat(broken).as("sends the shutdown cut off or lost").isEmpty();
    } finally {
      node.close();
      Namespace.drop(namespace);
    }
  }

  /** Repeats a send with its clientMsgId until the answer is not a transient failure of the store or the network. */
  private Reply repeat(PerchHttp http, String url, String clientMsgId, Attempt attempt) {
    Reply[] last = new Reply[1];
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      last[0] = http.send(url, token(attempt.from()), "to", attempt.to(), "in flight", clientMsgId)
          .block(Duration.ofSeconds(15));
      return last[0].status() != Reply.TRANSPORT
          && !(last[0].status() == 503 && !"send_in_progress".equals(last[0].code()));
    });
    return last[0];
  }

  private String token(String user) {
    return tokens.mint(UserId.of(user), Instant.now(), Duration.ofMinutes(30));
  }
}
