package dev.perch.poll;

import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UpdateBody;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@code interleaved} once, right after the first read (of the head or of updates) took its
 * snapshot and before it answers; counts the reads of updates.
 */
final class RacingUpdateStore implements UpdateStore {

  private final UpdateStore delegate;
  private final Runnable interleaved;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicBoolean raced = new AtomicBoolean();

  RacingUpdateStore(UpdateStore delegate, Runnable interleaved) {
    this.delegate = delegate;
    this.interleaved = interleaved;
  }

  int reads() {
    return reads.get();
  }

  @Override
  public Mono<Update> append(UserId user, UpdateBody body) {
    return delegate.append(user, body);
  }

  @Override
  public Flux<Update> readAfter(UserId user, long cursor, int limit) {
    return delegate.readAfter(user, cursor, limit).collectList().flatMapMany(snapshot -> {
      reads.incrementAndGet();
      raceOnce();
      return Flux.fromIterable(snapshot);
    });
  }

  @Override
  public Mono<Update> find(UserId user, Message message) {
    return delegate.find(user, message);
  }

  @Override
  public Mono<Long> head(UserId user) {
    return delegate.head(user).doOnNext(head -> raceOnce());
  }

  private void raceOnce() {
    if (raced.compareAndSet(false, true)) {
      interleaved.run();
    }
  }
}
