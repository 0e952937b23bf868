package dev.perch.blocking;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Guards the guard: blocking on a non-blocking thread must fail every test JVM of this build. */
class BlockHoundInstalledTest {

  @Test
  void blockingOnANonBlockingThreadFails() {
    Mono<Void> blocking = Mono.<Void>fromRunnable(() -> {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })
        .subscribeOn(Schedulers.parallel());
    StepVerifier.create(blocking).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(5));
  }
}
