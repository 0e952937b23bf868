package dev.perch.store.cql;

import dev.perch.model.UserId;
import dev.perch.store.SequenceAllocator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import reactor.core.publisher.Mono;

/** Hands out the seqs a test lists, in that order, each after its delay: holes and late writes on demand. */
final class ScriptedSequence implements SequenceAllocator {

  private record Step(long seq, Duration delay) {}

  private final Queue<Step> steps = new ArrayDeque<>();

  ScriptedSequence(long... seqs) {
    for (long seq : seqs) {
      then(seq, Duration.ZERO);
    }
  }

  /** Adds a seq handed out only {@code delay} after it is asked for. */
  synchronized ScriptedSequence then(long seq, Duration delay) {
    steps.add(new Step(seq, delay));
    return this;
  }

  @Override
  public Mono<Long> next(UserId user) {
    return Mono.defer(() -> {
      Step step = poll();
      if (step == null) {
        return Mono.error(new IllegalStateException("the test scripted no further seq"));
      }
      return step.delay().isZero() ? Mono.just(step.seq()) : Mono.delay(step.delay()).thenReturn(step.seq());
    });
  }

  private synchronized Step poll() {
    return steps.poll();
  }
}
