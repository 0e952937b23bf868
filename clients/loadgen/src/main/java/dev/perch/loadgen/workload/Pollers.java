package dev.perch.loadgen.workload;

import dev.perch.loadgen.target.Batch;
import dev.perch.loadgen.target.Inbox;
import dev.perch.loadgen.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * One long-poll loop per recipient, each carrying its own resume point, handing every answer to a
 * {@link Handler} and polling again at once, until {@link #close closed}. A failed poll is counted
 * and retried after a short pause. Loops run on the HTTP client's I/O threads.
 */
final class Pollers implements AutoCloseable {

  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  /** Receives each answer of recipient {@code index} (0-based within these pollers). */
  interface Handler {
    void onBatch(int index, Batch batch);
  }

  private final Target target;
  private final int firstRecipient;
  private final int count;
  private final Duration pollTimeout;
  private final Handler handler;
  private final List<Disposable> loops = new ArrayList<>();
  private final LongAdder answers = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  private volatile boolean running = true;

  Pollers(Target target, int firstRecipient, int count, Duration pollTimeout, Handler handler) {
    this.target = target;
    this.firstRecipient = firstRecipient;
    this.count = count;
    this.pollTimeout = pollTimeout;
    this.handler = handler;
  }

  /** Starts every loop; each sends its first poll at once. */
  void start() {
    for (int i = 0; i < count; i++) {
      loops.add(loop(i, target.inbox(firstRecipient + i)));
    }
  }

  long answers() {
    return answers.sum();
  }

  long errors() {
    return errors.sum();
  }

  /** The first poll failure, or null. */
  Throwable firstError() {
    return firstError.get();
  }

  /** Stops every loop and cancels the polls in flight (their connections close). */
  @Override
  public void close() {
    running = false;
    loops.forEach(Disposable::dispose);
  }

  private Disposable loop(int index, Inbox inbox) {
    return Mono.defer(() -> inbox.poll(pollTimeout))
        .doOnNext(batch -> {
          answers.increment();
          handler.onBatch(index, batch);
        })
        .onErrorResume(error -> {
          if (running) {
            errors.increment();
            firstError.compareAndSet(null, error);
          }
          return Mono.delay(RETRY_PAUSE).then(Mono.empty());
        })
        .repeat(() -> running)
        .subscribe();
  }
}
