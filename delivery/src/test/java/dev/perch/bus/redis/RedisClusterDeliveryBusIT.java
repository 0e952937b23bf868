package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.bus.DeliveryBus;
import dev.perch.bus.DeliveryBusContract;
import dev.perch.bus.WakeListener;
import dev.perch.model.UserId;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The bus on a real Redis Cluster of its own (sharded pub/sub): the bus contract, wakes between
 * two bus instances (two nodes) for users on every shard, and a master killed under subscribed
 * users: their polls are told at once, and once the replica took over, their channels are
 * subscribed there and they are resynced, while users of the other shards are left alone.
 */
class RedisClusterDeliveryBusIT extends DeliveryBusContract {

  private static final Duration FAILOVER = Duration.ofSeconds(30);
  private static final String PREFIX = TestRedis.prefix(RedisClusterDeliveryBusIT.class);
  private static TestRedisCluster cluster;

  /** A wake heard; the contract's own record is not constructible from this package. */
  private record Wake(UserId user, long seq) {}

  private final List<RedisClusterClient> clients = new ArrayList<>();
  private final List<RedisDeliveryBus> buses = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = TestRedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    Cleanup.all(Cleanup.ifMade(cluster, TestRedisCluster::close));
  }

  @AfterEach
  void closeBuses() {
    buses.forEach(RedisDeliveryBus::close);
    clients.forEach(client -> client.shutdown(Duration.ZERO, Duration.ofSeconds(5)));
  }

  /** A bus with a client of its own, as a node has. */
  private RedisDeliveryBus node(WakeListener listener) {
    RedisClusterClient client = cluster.client();
    clients.add(client);
    RedisDeliveryBus bus = RedisDeliveryBus.connect(
            RedisServers.cluster(client), listener, RedisBusOptions.defaults().withPrefix(PREFIX))
        .block(DEADLINE);
    buses.add(bus);
    return bus;
  }

  @Override
  protected DeliveryBus bus(WakeListener listener) {
    return node(listener);
  }

  @Test
  void aWakePublishedOnOneNodeReachesTheOtherForUsersOnEveryShard() {
    Queue<Wake> received = new ConcurrentLinkedQueue<>();
    RedisDeliveryBus sender = node((user, seq) -> {});
    RedisDeliveryBus receiver = node((user, seq) -> received.add(new Wake(user, seq)));
    List<UserId> users = IntStream.range(0, 30).mapToObj(i -> freshUser("u" + i)).toList();
    Set<Integer> masters = new HashSet<>();
    users.forEach(user -> masters.add(TestRedisCluster.masterPort(clients.get(0), sender.channel(user))));
    assertThat(masters).as("30 users' channels spread over the three masters").hasSize(3);

    List<Disposable> interests = Flux.fromIterable(users).flatMap(receiver::subscribe).collectList().block(DEADLINE);
    Flux.fromIterable(users).flatMap(user -> sender.publish(user, 9)).then().block(DEADLINE);

    await().atMost(DEADLINE).untilAsserted(() ->
        assertThat(received).containsAll(users.stream().map(user -> new Wake(user, 9)).toList()));
    interests.forEach(Disposable::dispose);
  }

  @Test
  void afterAMasterIsKilledItsUsersAreResubscribedAtThePromotedReplicaAndResynced() {
    Queue<Wake> wakes = new ConcurrentLinkedQueue<>();
    RedisDeliveryBus bus = node((user, seq) -> wakes.add(new Wake(user, seq)));
    RedisClusterClient client = clients.get(0);
    UserId bob = freshUser("bob");
    int victim = TestRedisCluster.masterPort(client, bus.channel(bob));
    UserId carol = IntStream.range(0, 100).mapToObj(i -> freshUser("carol"))
        .filter(user -> TestRedisCluster.masterPort(client, bus.channel(user)) != victim).findFirst().orElseThrow();
    Disposable bobInterest = bus.subscribe(bob).block(DEADLINE);
    Disposable carolInterest = bus.subscribe(carol).block(DEADLINE);

    try {
      cluster.kill(victim);
      await().atMost(DEADLINE).untilAsserted(() -> {
        assertThat(wakes).as("bob told at once that his wakes may be lost").contains(new Wake(bob, 0));
        assertThat(bus.connected()).isFalse();
      });
      wakes.remove(new Wake(bob, 0));

      await().atMost(FAILOVER).until(bus::connected);
      await().atMost(DEADLINE).untilAsserted(() ->
          assertThat(wakes).as("bob resynced once subscribed at the new master").contains(new Wake(bob, 0)));
      assertThat(TestRedisCluster.masterPort(client, bus.channel(bob))).isNotEqualTo(victim);
      await().atMost(DEADLINE).untilAsserted(() -> {
        bus.publish(bob, 21).block(DEADLINE);
        await().atMost(Duration.ofMillis(500)).untilAsserted(() -> assertThat(wakes).contains(new Wake(bob, 21)));
      });
      bus.publish(carol, 22).block(DEADLINE);
      await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).contains(new Wake(carol, 22)));
      assertThat(wakes).as("carol's shard never moved").doesNotContain(new Wake(carol, 0));
    } finally {
      bobInterest.dispose();
      carolInterest.dispose();
      cluster.heal();
    }
  }
}
