package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.model.UserId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** The pub/sub connection is killed server-side; Lettuce reconnects and the bus recovers. */
class RedisDeliveryBusReconnectIT {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final String PREFIX = TestRedis.prefix(RedisDeliveryBusReconnectIT.class);

  private record Wake(UserId user, long seq) {}

  private final Queue<Wake> wakes = new ConcurrentLinkedQueue<>();
  private final String clientName = TestRedis.clientName("reconnect");
  private RedisClient client;
  private StatefulRedisConnection<String, String> admin;
  private RedisDeliveryBus bus;

  @BeforeAll
  static void requireRedis() {
    TestRedis.requireReachable();
  }

  @BeforeEach
  void start() {
    client = RedisClient.create();
    admin = client.connect(TestRedis.uri(TestRedis.clientName("admin")));
    bus = RedisDeliveryBus.connect(
            RedisServers.single(client, TestRedis.uri(clientName)), (user, seq) -> wakes.add(new Wake(user, seq)),
            RedisBusOptions.defaults().withPrefix(PREFIX))
        .block(DEADLINE);
  }

  @AfterEach
  void stop() {
    bus.close();
    admin.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }

  @Test
  void afterAReconnectUsersWithInterestAreResyncedAndWakesFlowAgain() {
    UserId bob = UserId.of("bob");
    UserId carol = UserId.of("carol");
    UserId lingering = UserId.of("lingering");
    Disposable bobInterest = bus.subscribe(bob).block(DEADLINE);
    Disposable carolInterest = bus.subscribe(carol).block(DEADLINE);
    bus.subscribe(lingering).block(DEADLINE).dispose();

    assertThat(TestRedis.killPubSubConnections(admin, clientName)).isEqualTo(1);

    await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).contains(new Wake(bob, 0), new Wake(carol, 0)));
    assertThat(TestRedis.subscribers(admin, bus.channel(bob))).isEqualTo(1);
    assertThat(TestRedis.subscribers(admin, bus.channel(carol))).isEqualTo(1);

    bus.publish(bob, 12).block(DEADLINE);
    bus.publish(carol, 13).block(DEADLINE);
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).contains(new Wake(bob, 12), new Wake(carol, 13)));
    assertThat(wakes).doesNotContain(new Wake(lingering, 0));
    bobInterest.dispose();
    carolInterest.dispose();
  }

  @Test
  void interestTakenRightAfterTheKillIsEmittedOnceSubscribedOnTheNewConnection() {
    UserId dave = UserId.of("dave");
    Disposable daveInterest = bus.subscribe(dave).block(DEADLINE);
    UserId erin = UserId.of("erin");

    assertThat(TestRedis.killPubSubConnections(admin, clientName)).isEqualTo(1);
    Disposable erinInterest = bus.subscribe(erin).block(DEADLINE);
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).contains(new Wake(dave, 0)));

    bus.publish(erin, 3).block(DEADLINE);
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).contains(new Wake(erin, 3)));
    daveInterest.dispose();
    erinInterest.dispose();
  }

  @Test
  void theBusKeepsWorkingAcrossRepeatedKills() {
    UserId frank = UserId.of("frank");
    Disposable interest = bus.subscribe(frank).block(DEADLINE);

    for (int round = 1; round <= 3; round++) {
      long seq = round;
      await().atMost(DEADLINE).until(() -> TestRedis.killPubSubConnections(admin, clientName) == 1);
      await().atMost(DEADLINE).untilAsserted(() -> {
        wakes.clear();
        bus.publish(frank, seq).block(DEADLINE);
        await().atMost(Duration.ofMillis(500)).untilAsserted(() -> assertThat(wakes).contains(new Wake(frank, seq)));
      });
    }
    interest.dispose();
  }
}
