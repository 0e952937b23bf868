package dev.perch.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.error.TooManyRequestsException;
import dev.perch.model.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendRateTest {

  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");
  private static final UserId INTEGRATION = UserId.of("billing");

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void aSenderMaySendItsBurstAtOnceThenItsRate() {
    SendRate rate = new SendRate(2, 5, Map.of(), nanos::get);
    for (int i = 0; i < 5; i++) {
      rate.acquire(ALICE);
    }
    assertThatThrownBy(() -> rate.acquire(ALICE))
        .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
          assertThat(e.code()).isEqualTo("rate_limited");
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
    rate.acquire(BOB);

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
    rate.acquire(ALICE);
    assertThatThrownBy(() -> rate.acquire(ALICE)).isInstanceOf(TooManyRequestsException.class);
  }

  @Test
  void retryAfterSaysWhenTheNextTokenComes() {
    SendRate rate = new SendRate(0.1, 1, Map.of(), nanos::get);
    rate.acquire(ALICE);
    assertThatThrownBy(() -> rate.acquire(ALICE))
        .isInstanceOfSatisfying(TooManyRequestsException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(10)));
  }

  @Test
  void aNamedSenderHasItsOwnRate() {
    SendRate rate = new SendRate(1, 1, Map.of(INTEGRATION, 1_000.0), nanos::get);
    for (int i = 0; i < 1_000; i++) {
      rate.acquire(INTEGRATION);
    }
    assertThatThrownBy(() -> rate.acquire(INTEGRATION)).isInstanceOf(TooManyRequestsException.class);
    rate.acquire(ALICE);
    assertThatThrownBy(() -> rate.acquire(ALICE)).isInstanceOf(TooManyRequestsException.class);
  }

  @Test
  void fullBucketsAreForgottenWhenTooManyAreTracked() {
    SendRate rate = new SendRate(1_000, 1, Map.of(), nanos::get);
    for (int i = 0; i < SendRate.MAX_TRACKED; i++) {
      rate.acquire(UserId.of("u" + i));
    }
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    rate.acquire(ALICE);
    assertThat(rate.tracked()).isEqualTo(1);
  }

  @Test
  void concurrentSendsNeverTakeMoreThanTheBurst() throws Exception {
    SendRate rate = new SendRate(1e-6, 100, Map.of(), nanos::get);
    AtomicInteger admitted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      done.add(threads.submit(() -> {
        start.await();
        for (int i = 0; i < 100; i++) {
          try {
            rate.acquire(ALICE);
            admitted.incrementAndGet();
          } catch (TooManyRequestsException refused) {
            // Counted by its absence.
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : done) {
      future.get(10, TimeUnit.SECONDS);
    }
    threads.shutdown();
    assertThat(admitted).hasValue(100);
  }
}
