package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.perch.client.PerchClient;
import dev.perch.client.Update;
import dev.perch.model.UserId;
import dev.perch.poll.WaiterRegistry;
import dev.perch.store.cql.SchemaRefresh;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The Java client on two durable nodes sharing the local Redis and Cassandra (a keyspace and key
 * prefix of their own): when the node holding its parked poll stops, {@code updates()} goes on
 * from its cursor on the other node, and misses nothing sent meanwhile.
 */
class JavaClientMultiNodeIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String NAMESPACE = "perch_jclient_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static PerchNode nodeA;
  private static PerchNode nodeB;

  @BeforeAll
  static void startNodes() {
    nodeA = PerchNode.durable(1, NAMESPACE);
    nodeB = PerchNode.durable(2, NAMESPACE);
  }

  @AfterAll
  static void stopNodes() {
    CqlSession session = nodeB.bean(CqlSession.class);
    session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + NAMESPACE).setTimeout(Duration.ofSeconds(30)));
    // Let the driver finish the metadata refresh the drop triggered before the session closes.
    SchemaRefresh.settle(session);
    nodeA.close();
    nodeB.close();
  }

  private static String token(String user) {
    return ApiTestSupport.TOKENS.mint(UserId.of(user), Instant.now(), Duration.ofMinutes(10));
  }

  @Test
  void updatesGoOnFromTheirCursorOnTheOtherNodeWhenTheirNodeStops() {
    String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    try (PerchClient aliceClient = PerchClient.builder().baseUrl(nodeB.url()).token(token(alice)).build();
        PerchClient bobClient = PerchClient.builder().baseUrl(nodeA.url()).baseUrl(nodeB.url()).token(token(bob))
            .backoff(Duration.ofMillis(20), Duration.ofMillis(500)).pollTimeout(Duration.ofSeconds(10)).build()) {
      aliceClient.send(bob, "one").block(DEADLINE);
      List<Update> received = new CopyOnWriteArrayList<>();
      Disposable polling = bobClient.updates(0L).subscribe(received::add);
      try {
        WaiterRegistry waitersA = nodeA.bean(WaiterRegistry.class);
        await().atMost(DEADLINE).until(() -> received.size() == 1 && waitersA.size(UserId.of(bob)) == 1);
        nodeA.close();
        aliceClient.send(bob, "two").then(aliceClient.send(bob, "three")).block(DEADLINE);

        await().atMost(DEADLINE).until(() -> received.size() >= 3);
        assertThat(received).extracting(update -> update.message().text()).containsExactly("one", "two", "three");
        assertThat(received).extracting(Update::seq).isSorted().doesNotHaveDuplicates();
      } finally {
        polling.dispose();
      }
    }
  }
}
