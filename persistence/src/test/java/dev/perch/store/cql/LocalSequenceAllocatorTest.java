package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.UserId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class LocalSequenceAllocatorTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private final UserId bob = UserId.of("bob");
  private final UserId carol = UserId.of("carol");

  @Test
  void continuesFromTheDurableHeadOfEachUser() {
    LocalSequenceAllocator allocator = new LocalSequenceAllocator(user -> Mono.just(user.equals(bob) ? 41L : 0L));
    StepVerifier.create(allocator.next(bob).concatWith(allocator.next(bob)).concatWith(allocator.next(carol)))
        .expectNext(42L, 43L, 1L)
        .expectComplete()
        .verify(DEADLINE);
  }

  @Test
  void anEmptyHeadMeansAnEmptyStream() {
    LocalSequenceAllocator allocator = new LocalSequenceAllocator(user -> Mono.empty());
    StepVerifier.create(allocator.next(bob)).expectNext(1L).expectComplete().verify(DEADLINE);
  }

  @Test
  void concurrentFirstAllocationsSeedOnceAndNeverRepeat() {
    AtomicInteger seedings = new AtomicInteger();
    LocalSequenceAllocator allocator = new LocalSequenceAllocator(user -> Mono.fromSupplier(() -> {
      seedings.incrementAndGet();
      return 100L;
    }).delayElement(Duration.ofMillis(50)));

    List<Long> seqs = Flux.range(0, 64)
        .flatMap(i -> allocator.next(bob).subscribeOn(Schedulers.parallel()))
        .collectList()
        .block(DEADLINE);

    assertThat(seedings).hasValue(1);
    assertThat(seqs).hasSize(64).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s).isBetween(101L, 164L));
  }

  @Test
  void aFailedSeedingIsRetriedByTheNextAllocation() {
    AtomicInteger attempts = new AtomicInteger();
    LocalSequenceAllocator allocator = new LocalSequenceAllocator(user -> Mono.defer(() -> attempts.incrementAndGet() == 1
        ? Mono.error(new IllegalStateException("store down"))
        : Mono.just(7L)));

    StepVerifier.create(allocator.next(bob)).expectErrorMessage("store down").verify(DEADLINE);
    StepVerifier.create(allocator.next(bob)).expectNext(8L).expectComplete().verify(DEADLINE);
    StepVerifier.create(allocator.next(bob)).expectNext(9L).expectComplete().verify(DEADLINE);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void nothingIsAllocatedUntilSubscribed() {
    AtomicInteger seedings = new AtomicInteger();
    LocalSequenceAllocator allocator = new LocalSequenceAllocator(user -> Mono.fromSupplier(() -> (long) seedings.incrementAndGet()));
    Mono<Long> unused = allocator.next(bob);
    assertThat(unused).isNotNull();
    assertThat(seedings).hasValue(0);
  }
}
