package dev.perch.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.error.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class SendLimitTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @Test
  void refusesBeyondTheBoundAndAdmitsAgainOnceASendEndsHoweverItEnds() {
    SendLimit limit = new SendLimit(2);
    Sinks.One<String> first = Sinks.one();
    Disposable second = limit.admit(Mono.never()).subscribe();
    StepVerifier.create(limit.admit(first.asMono()))
        .then(() -> StepVerifier.create(limit.admit(Mono.just("third")))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnavailableException.class)
                .hasFieldOrPropertyWithValue("code", "overloaded"))
            .verify(DEADLINE))
        .then(() -> first.tryEmitValue("first"))
        .expectNext("first")
        .expectComplete()
        .verify(DEADLINE);
    assertThat(limit.inFlight()).isEqualTo(1);

    second.dispose();
    assertThat(limit.inFlight()).isZero();
    StepVerifier.create(limit.admit(Mono.error(new IllegalStateException("store")))).expectError().verify(DEADLINE);
    assertThat(limit.inFlight()).isZero();
  }

  @Test
  void concurrentSendsNeverRunBeyondTheBound() throws Exception {
    int bound = 4;
    SendLimit limit = new SendLimit(bound);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 2_000; i++) {
            limit.admit(Mono.fromCallable(() -> {
                  mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                  Thread.onSpinWait();
                  return running.decrementAndGet();
                }))
                .onErrorResume(UnavailableException.class, refused -> Mono.empty())
                .block(DEADLINE);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(mostRunning.get()).isLessThanOrEqualTo(bound);
    assertThat(limit.inFlight()).isZero();
  }
}
