package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.bus.WakeListener;
import dev.perch.model.UserId;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** Two nodes, each with its own RedisClient and bus, sharing one Redis. */
class RedisDeliveryBusNodesIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String PREFIX = TestRedis.prefix(RedisDeliveryBusNodesIT.class);

  private record Wake(UserId user, long seq) {}

  private final List<RedisClient> clients = new ArrayList<>();
  private final List<RedisDeliveryBus> buses = new ArrayList<>();

  @BeforeAll
  static void requireRedis() {
    TestRedis.requireReachable();
  }

  @AfterEach
  void stopNodes() {
    buses.forEach(RedisDeliveryBus::close);
    clients.forEach(client -> client.shutdown(Duration.ZERO, Duration.ofSeconds(5)));
  }

  private RedisDeliveryBus node(String name, WakeListener listener) {
    RedisClient client = RedisClient.create();
    clients.add(client);
    RedisDeliveryBus bus = RedisDeliveryBus.connect(
            RedisServers.single(client, TestRedis.uri(TestRedis.clientName(name))), listener,
            RedisBusOptions.defaults().withPrefix(PREFIX))
        .block(DEADLINE);
    buses.add(bus);
    return bus;
  }

  @Test
  void aWakePublishedOnOneNodeReachesOnlyTheNodesInterestedInTheUser() {
    Queue<Wake> wakesOnA = new ConcurrentLinkedQueue<>();
    Queue<Wake> wakesOnB = new ConcurrentLinkedQueue<>();
    RedisDeliveryBus nodeA = node("node-a", (user, seq) -> wakesOnA.add(new Wake(user, seq)));
    RedisDeliveryBus nodeB = node("node-b", (user, seq) -> wakesOnB.add(new Wake(user, seq)));
    UserId bob = UserId.of("bob");
    UserId carol = UserId.of("carol");

    Disposable bobOnB = nodeB.subscribe(bob).block(DEADLINE);
    Disposable carolOnA = nodeA.subscribe(carol).block(DEADLINE);
    nodeA.publish(bob, 5).block(DEADLINE);
    nodeB.publish(carol, 6).block(DEADLINE);

    await().atMost(DEADLINE).untilAsserted(() -> {
      assertThat(wakesOnB).containsExactly(new Wake(bob, 5));
      assertThat(wakesOnA).containsExactly(new Wake(carol, 6));
    });
    bobOnB.dispose();
    carolOnA.dispose();
  }

  @Test
  void everyNodeInterestedInTheUserGetsTheWake() {
    Queue<Wake> wakesOnA = new ConcurrentLinkedQueue<>();
    Queue<Wake> wakesOnB = new ConcurrentLinkedQueue<>();
    RedisDeliveryBus nodeA = node("node-a", (user, seq) -> wakesOnA.add(new Wake(user, seq)));
    RedisDeliveryBus nodeB = node("node-b", (user, seq) -> wakesOnB.add(new Wake(user, seq)));
    UserId dave = UserId.of("dave");

    Disposable onA = nodeA.subscribe(dave).block(DEADLINE);
    Disposable onB = nodeB.subscribe(dave).block(DEADLINE);
    nodeB.publish(dave, 9).block(DEADLINE);

    await().atMost(DEADLINE).untilAsserted(() -> {
      assertThat(wakesOnA).containsExactly(new Wake(dave, 9));
      assertThat(wakesOnB).containsExactly(new Wake(dave, 9));
    });
    onA.dispose();
    onB.dispose();
  }

  @Test
  void pingCompletesWhileRedisAnswers() {
    RedisDeliveryBus bus = node("health", (user, seq) -> {});
    StepVerifier.create(bus.ping()).expectComplete().verify(DEADLINE);
  }
}
