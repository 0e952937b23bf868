package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.model.UserId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Many short polls on few users from several threads, with no linger (so every release races the
 * next subscribe), while the pub/sub connection is killed over and over: no interest fails, and once
 * the polls are done every channel is unsubscribed.
 */
class RedisDeliveryBusChurnIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String PREFIX = TestRedis.prefix(RedisDeliveryBusChurnIT.class);

  private static final String clientName = TestRedis.clientName("churn");
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> admin;
  private static RedisDeliveryBus bus;

  @BeforeAll
  static void start() {
    TestRedis.requireReachable();
    client = RedisClient.create();
    admin = client.connect(TestRedis.uri(TestRedis.clientName("admin")));
    bus = RedisDeliveryBus.connect(RedisServers.single(client, TestRedis.uri(clientName)), (user, seq) -> {},
            RedisBusOptions.defaults().withPrefix(PREFIX).withLinger(Duration.ZERO))
        .block(DEADLINE);
  }

  @AfterAll
  static void stop() {
    bus.close();
    admin.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }

  @Test
  void pollsChurningThroughReconnectsNeverFailAndLeaveNoSubscriptionBehind() {
    AtomicLong kills = new AtomicLong();
    Disposable killer = Flux.interval(Duration.ofMillis(300))
        .publishOn(Schedulers.boundedElastic())
        .subscribe(tick -> kills.addAndGet(TestRedis.killPubSubConnections(admin, clientName)));
    try {
      Flux.range(0, 20_000)
          .parallel(4)
          .runOn(Schedulers.boundedElastic())
          .flatMap(i -> poll(UserId.of("u" + i % 300), i), false, 64)
          .sequential()
          .then()
          .block(DEADLINE);
    } finally {
      killer.dispose();
    }

    assertThat(kills).as("pub/sub connections killed meanwhile").hasValueGreaterThan(0);
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(admin.sync().pubsubChannels(PREFIX + "*")).isEmpty());
  }

  /** What a poll does with the bus: hold interest, and meanwhile a send publishes. */
  private static Mono<Void> poll(UserId user, long seq) {
    return Mono.usingWhen(
        bus.subscribe(user), interest -> bus.publish(user, seq), interest -> Mono.fromRunnable(interest::dispose));
  }
}
