package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.model.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Many threads taking, cancelling and releasing interests in a few channels at once, against a
 * model of one Redis connection that executes commands in the order they were sent. With no linger
 * every release races the next subscribe.
 */
class SubscriptionsRaceTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final List<UserId> USERS = List.of(UserId.of("bob"), UserId.of("carol"), UserId.of("dave"));

  private final FifoRedis redis = new FifoRedis();
  private final Subscriptions subscriptions =
      new Subscriptions(redis, Duration.ZERO, Duration.ofMillis(50), Schedulers.parallel(), user -> {});
  private final ExecutorService clients = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    clients.shutdownNow();
    redis.server.shutdownNow();
    subscriptions.close();
  }

  @Test
  void everyEmittedInterestFindsItsChannelSubscribedAndEverythingIsUnsubscribedAtTheEnd() throws Exception {
    AtomicInteger emittedUnsubscribed = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      running.add(clients.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 2_000; i++) {
          UserId user = USERS.get(random.nextInt(USERS.size()));
          if (random.nextInt(4) == 0) {
            // Cancelled at once, racing the emission; held the way PollService holds it.
            Mono.usingWhen(subscriptions.acquire(user), held -> Mono.never(), held -> Mono.fromRunnable(held::dispose))
                .subscribe()
                .dispose();
            continue;
          }
          Disposable interest = subscriptions.acquire(user).block(DEADLINE);
          if (!redis.isSubscribed(user)) {
            emittedUnsubscribed.incrementAndGet();
          }
          interest.dispose();
        }
      }));
    }
    for (Future<?> client : running) {
      client.get();
    }

    assertThat(emittedUnsubscribed).hasValue(0);
    await().atMost(DEADLINE).untilAsserted(() -> {
      assertThat(USERS).noneMatch(subscriptions::tracks);
      assertThat(USERS).noneMatch(redis::isSubscribed);
    });
    assertThat(redis.commands).as("commands sent, so subscribes did race unsubscribes").hasValueGreaterThan(100);
  }

  /** One connection's subscriptions, changed by one server thread in the order commands arrive. */
  private static final class FifoRedis implements Subscriptions.Commands {

    final ExecutorService server = Executors.newSingleThreadExecutor();
    final Map<UserId, Boolean> subscribed = new ConcurrentHashMap<>();
    final AtomicInteger commands = new AtomicInteger();

    @Override
    public Mono<Void> subscribe(UserId user) {
      return execute(user, true);
    }

    @Override
    public Mono<Void> unsubscribe(UserId user) {
      return execute(user, false);
    }

    boolean isSubscribed(UserId user) {
      return subscribed.getOrDefault(user, false);
    }

    private Mono<Void> execute(UserId user, boolean subscribe) {
      return Mono.create(reply -> server.execute(() -> {
        commands.incrementAndGet();
        subscribed.put(user, subscribe);
        reply.success();
      }));
    }
  }
}
