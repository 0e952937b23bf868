package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.perch.model.UserId;
import dev.perch.poll.WaiterRegistry;
import dev.perch.store.cql.SchemaRefresh;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Timed;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * Two Perch nodes sharing one Redis and one Cassandra (their own keyspace and key prefix): a wake
 * crosses nodes through Redis, and a client that alternates nodes keeps one ordered stream.
 */
class MultiNodeIT {

  private static final String NAMESPACE = "perch_multi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static PerchNode nodeA;
  private static PerchNode nodeB;
  /** Client message ids from a counter: a UUID would read SecureRandom on the client's event loop. */
  private static final AtomicLong CLIENT_MSG_IDS = new AtomicLong();

  @BeforeAll
  static void startNodes() {
    nodeA = PerchNode.durable(1, NAMESPACE);
    nodeB = PerchNode.durable(2, NAMESPACE);
  }

  @AfterAll
  static void stopNodes() {
    CqlSession session = nodeA.bean(CqlSession.class);
    session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + NAMESPACE).setTimeout(Duration.ofSeconds(30)));
    // Let the driver finish the metadata refresh the drop triggered before the sessions close.
    SchemaRefresh.settle(session);
    SchemaRefresh.settle(nodeB.bean(CqlSession.class));
    nodeA.close();
    nodeB.close();
  }

  private static String token(String user) {
    return ApiTestSupport.TOKENS.mint(UserId.of(user), Instant.now(), Duration.ofMinutes(10));
  }

  private static Mono<JsonNode> send(PerchNode node, String from, String to, String text) {
    return ContractFilter.webClient(node.url()).post().uri("/v1/messages")
        .headers(h -> h.setBearerAuth(token(from)))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("to", to, "text", text, "clientMsgId", NAMESPACE + "-" + CLIENT_MSG_IDS.incrementAndGet()))
        .retrieve().bodyToMono(JsonNode.class)
        // As the API tells clients: a 503 is retried with the same clientMsgId (the body is built once).
        .retryWhen(Retry.backoff(20, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1))
            .filter(WebClientResponseException.ServiceUnavailable.class::isInstance));
  }

  private static Mono<JsonNode> poll(PerchNode node, String user, String query) {
    return ContractFilter.webClient(node.url()).get().uri("/v1/updates?" + query)
        .headers(h -> h.setBearerAuth(token(user)))
        .retrieve().bodyToMono(JsonNode.class);
  }

  @Test
  void bothNodesListEachOtherAndNameTheSameOwnerForAUser() {
    await().atMost(Duration.ofSeconds(10)).until(() -> nodeIds(nodeA).equals(List.of(1, 2)) && nodeIds(nodeB).equals(List.of(1, 2)));
    Set<String> owners = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      String user = "owner-" + i;
      String fromA = ownerHeader(nodeA, user);
      assertThat(ownerHeader(nodeB, user)).as(user).isEqualTo(fromA);
      owners.add(fromA);
    }
    assertThat(owners).as("20 users spread over both nodes").containsExactlyInAnyOrder("1", "2");
  }

  private static List<Integer> nodeIds(PerchNode node) {
    JsonNode answer = ContractFilter.webClient(node.url()).get().uri("/v1/nodes")
        .headers(h -> h.setBearerAuth(token("ops")))
        .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(5));
    List<Integer> ids = new ArrayList<>();
    answer.get("nodes").forEach(n -> ids.add(n.get("id").asInt()));
    return ids;
  }

  private static String ownerHeader(PerchNode node, String user) {
    return ContractFilter.webClient(node.url()).get().uri("/v1/updates?timeout=0")
        .headers(h -> h.setBearerAuth(token(user)))
        .retrieve().toBodilessEntity().block(Duration.ofSeconds(5)).getHeaders().getFirst("X-Perch-Node");
  }

  @Test
  void aUserParkedOnNodeBIsOnlineAsNodeASeesItWithDevicesFromBothNodesAndTheirPeerIsToldOnce() {
    String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    send(nodeA, alice, bob, "hi").block(Duration.ofSeconds(10));
    poll(nodeB, bob, "timeout=20").subscribe();
    poll(nodeA, bob, "timeout=20").subscribe();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode seen = presence(nodeA, alice, bob);
      assertThat(seen.get("state").asText()).isEqualTo("online");
      assertThat(seen.get("devices").asInt()).isEqualTo(2);
    });
    assertThat(presence(nodeB, alice, bob).get("devices").asInt()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> presenceUpdates(nodeB, alice).equals(List.of(bob + " online")));
  }

  private static JsonNode presence(PerchNode node, String caller, String user) {
    return ContractFilter.webClient(node.url()).get().uri("/v1/presence?users=" + user)
        .headers(h -> h.setBearerAuth(token(caller)))
        .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(5)).get("users").get(0);
  }

  private static List<String> presenceUpdates(PerchNode node, String user) {
    List<String> told = new ArrayList<>();
    poll(node, user, "cursor=0&timeout=0&types=presence").block(Duration.ofSeconds(5)).get("updates")
        .forEach(update -> told.add(update.get("presence").get("user").asText() + " "
            + update.get("presence").get("state").asText()));
    return told;
  }

  @Test
  void aPollParkedOnNodeBIsAnsweredWithin100msOfASendAcceptedByNodeA() {
    String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    WaiterRegistry waitersB = nodeB.bean(WaiterRegistry.class);
    send(nodeA, alice, bob, "first").block(Duration.ofSeconds(10));
    String cursor = poll(nodeB, bob, "cursor=0&timeout=10").block(Duration.ofSeconds(15)).get("cursor").asText();

    List<Long> lagsMillis = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      Mono<Timed<JsonNode>> parked = poll(nodeB, bob, "cursor=" + cursor + "&timeout=30").timed().cache();
      parked.subscribe();
      await().atMost(Duration.ofSeconds(10)).until(() -> waitersB.size(UserId.of(bob)) == 1);
      Timed<JsonNode> accepted = send(nodeA, alice, bob, "round " + round).timed().block(Duration.ofSeconds(5));
      Timed<JsonNode> answered = parked.block(Duration.ofSeconds(5));
      // The wake may beat the 201 back to the client: then the lag is zero.
      lagsMillis.add(Math.max(0, answered.timestamp().toEpochMilli() - accepted.timestamp().toEpochMilli()));
      JsonNode answer = answered.get();
      assertThat(answer.get("updates").get(0).get("message").get("text").asText()).isEqualTo("round " + round);
      cursor = answer.get("cursor").asText();
    }
    Collections.sort(lagsMillis);
    assertThat(lagsMillis.get(lagsMillis.size() / 2)).as("median lag, all lags %s", lagsMillis).isLessThan(100);
    assertThat(lagsMillis.get(lagsMillis.size() - 1)).as("worst lag, all lags %s", lagsMillis).isLessThan(1_000);
  }

  @Test
  void aClientAlternatingNodesSeesEveryUpdateExactlyOnceInOrder() {
    String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    int senders = 4;
    int perSender = 50;
    CompletableFuture<Void> sending = Flux.range(0, senders)
        .flatMap(s -> Flux.range(0, perSender).concatMap(i ->
            send(i % 2 == 0 ? nodeA : nodeB, "sender" + s, bob, s + ":" + i)))
        .then()
        .toFuture();

    List<Long> seqs = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    String cursor = "0";
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    for (int poll = 0; texts.size() < senders * perSender && Instant.now().isBefore(deadline)
        && !sending.isCompletedExceptionally(); poll++) {
      JsonNode answer = poll(poll % 2 == 0 ? nodeA : nodeB, bob, "cursor=" + cursor + "&timeout=5&limit=7")
          .block(Duration.ofSeconds(10));
      for (JsonNode update : answer.get("updates")) {
        seqs.add(update.get("seq").asLong());
        texts.add(update.get("message").get("text").asText());
      }
      cursor = answer.get("cursor").asText();
    }

    if (sending.isCompletedExceptionally()) {
      sending.join(); // one failed send ends every sender: fail with its cause, not with a short count
    }
    assertThat(texts).hasSize(senders * perSender).doesNotHaveDuplicates();
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
    Set<String> expected = new HashSet<>();
    for (int s = 0; s < senders; s++) {
      List<String> fromSender = new ArrayList<>();
      for (int i = 0; i < perSender; i++) {
        expected.add(s + ":" + i);
        fromSender.add(s + ":" + i);
      }
      String prefix = s + ":";
      assertThat(texts.stream().filter(t -> t.startsWith(prefix)).toList())
          .as("one sender's messages arrive in the order it sent them").containsExactlyElementsOf(fromSender);
    }
    assertThat(texts).containsExactlyInAnyOrderElementsOf(expected);
  }
}
