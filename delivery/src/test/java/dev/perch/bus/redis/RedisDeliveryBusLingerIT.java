package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.model.UserId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * A released channel stays subscribed for the linger, and is unsubscribed only if no interest came
 * back: checked from Redis' side (PUBSUB NUMSUB on another connection) and from the commands sent.
 */
class RedisDeliveryBusLingerIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration LINGER = Duration.ofMillis(500);
  private static final String PREFIX = TestRedis.prefix(RedisDeliveryBusLingerIT.class);

  private static final Queue<String> sent = new ConcurrentLinkedQueue<>();
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> admin;
  private static RedisDeliveryBus bus;

  @BeforeAll
  static void start() {
    TestRedis.requireReachable();
    client = RedisClient.create();
    client.addListener(new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        if (event.getCommand().getArgs() != null) {
          sent.add(event.getCommand().getType() + " " + event.getCommand().getArgs().toCommandString());
        }
      }
    });
    admin = client.connect(TestRedis.uri(TestRedis.clientName("admin")));
    bus = RedisDeliveryBus.connect(
            RedisServers.single(client, TestRedis.uri(TestRedis.clientName("linger"))), (user, seq) -> {},
            RedisBusOptions.defaults().withPrefix(PREFIX).withLinger(LINGER))
        .block(DEADLINE);
  }

  @AfterAll
  static void stop() {
    bus.close();
    admin.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }

  /** The SUBSCRIBEs and UNSUBSCRIBEs sent for {@code channel}, in order. */
  private static List<String> sentFor(String channel) {
    return sent.stream()
        .filter(command -> command.contains(channel))
        .map(command -> command.substring(0, command.indexOf(' ')))
        .filter(name -> name.equals("SUBSCRIBE") || name.equals("UNSUBSCRIBE"))
        .toList();
  }

  @Test
  void theChannelOutlivesItsLastInterestByTheLingerThenIsUnsubscribed() {
    UserId bob = UserId.of("bob");
    String channel = bus.channel(bob);
    Disposable interest = bus.subscribe(bob).block(DEADLINE);
    assertThat(TestRedis.subscribers(admin, channel)).isEqualTo(1);

    long released = System.nanoTime();
    interest.dispose();
    assertThat(TestRedis.subscribers(admin, channel)).as("subscribed during the linger").isEqualTo(1);

    await().atMost(DEADLINE).until(() -> TestRedis.subscribers(admin, channel) == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - released)).isGreaterThanOrEqualTo(LINGER);
    assertThat(sentFor(channel)).containsExactly("SUBSCRIBE", "UNSUBSCRIBE");
  }

  @Test
  void interestComingBackWithinTheLingerKeepsTheSubscriptionWithoutNewCommands() {
    UserId carol = UserId.of("carol");
    String channel = bus.channel(carol);
    bus.subscribe(carol).block(DEADLINE).dispose();

    Disposable again = bus.subscribe(carol).block(DEADLINE);
    await().during(LINGER.multipliedBy(2)).atMost(DEADLINE).until(() -> TestRedis.subscribers(admin, channel) == 1);
    assertThat(sentFor(channel)).as("no UNSUBSCRIBE, and no second SUBSCRIBE").containsExactly("SUBSCRIBE");

    again.dispose();
    await().atMost(DEADLINE).until(() -> TestRedis.subscribers(admin, channel) == 0);
    assertThat(sentFor(channel)).containsExactly("SUBSCRIBE", "UNSUBSCRIBE");
  }
}
