package dev.perch.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.model.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** What every {@link DeliveryBus} must do for the node it runs on. */
public abstract class DeliveryBusContract {

  protected static final Duration DEADLINE = Duration.ofSeconds(10);

  /** A bus delivering to {@code listener}; implementations close it after the test. */
  protected abstract DeliveryBus bus(WakeListener listener);

  protected record Wake(UserId user, long seq) {}

  protected static UserId freshUser(String name) {
    return UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void aWakePublishedAfterSubscribeAcknowledgedReachesTheListener() {
    Queue<Wake> wakes = new ConcurrentLinkedQueue<>();
    DeliveryBus bus = bus((user, seq) -> wakes.add(new Wake(user, seq)));
    UserId bob = freshUser("bob");

    Disposable interest = bus.subscribe(bob).block(DEADLINE);
    bus.publish(bob, 7).block(DEADLINE);

    await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).contains(new Wake(bob, 7)));
    interest.dispose();
  }

  @Test
  void interestsAreCountedSoReleasingOneKeepsTheOthers() {
    Queue<Wake> wakes = new ConcurrentLinkedQueue<>();
    DeliveryBus bus = bus((user, seq) -> wakes.add(new Wake(user, seq)));
    UserId bob = freshUser("bob");

    Disposable first = bus.subscribe(bob).block(DEADLINE);
    Disposable second = bus.subscribe(bob).block(DEADLINE);
    first.dispose();
    bus.publish(bob, 1).block(DEADLINE);

    await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).contains(new Wake(bob, 1)));
    second.dispose();
  }

  @Test
  void interestCanBeTakenAgainAfterRelease() {
    Queue<Wake> wakes = new ConcurrentLinkedQueue<>();
    DeliveryBus bus = bus((user, seq) -> wakes.add(new Wake(user, seq)));
    UserId bob = freshUser("bob");

    bus.subscribe(bob).block(DEADLINE).dispose();
    Disposable again = bus.subscribe(bob).block(DEADLINE);
    bus.publish(bob, 2).block(DEADLINE);

    await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).contains(new Wake(bob, 2)));
    again.dispose();
  }

  @Test
  void manyUsersSubscribedAtOnceEachGetTheirOwnWakes() {
    Queue<Wake> wakes = new ConcurrentLinkedQueue<>();
    DeliveryBus bus = bus((user, seq) -> wakes.add(new Wake(user, seq)));
    List<UserId> users = IntStream.range(0, 200).mapToObj(i -> freshUser("u" + i)).toList();

    List<Disposable> interests = new ArrayList<>(
        Flux.fromIterable(users).flatMap(bus::subscribe).collectList().block(DEADLINE));
    Flux.fromIterable(users).flatMap(user -> bus.publish(user, 42)).then().block(DEADLINE);

    List<Wake> expected = users.stream().map(user -> new Wake(user, 42)).toList();
    await().atMost(DEADLINE).untilAsserted(() -> assertThat(wakes).containsAll(expected));
    assertThat(wakes).filteredOn(wake -> users.contains(wake.user())).hasSize(users.size());
    interests.forEach(Disposable::dispose);
  }
}
