package dev.perch.poll;

import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs {@code interleaved} once, right after the first read took its snapshot and before it answers. */
final class RacingUpdateStore implements UpdateStore {

  private final UpdateStore delegate;
  private final Runnable interleaved;
  private final AtomicInteger reads = new AtomicInteger();

  RacingUpdateStore(UpdateStore delegate, Runnable interleaved) {
    this.delegate = delegate;
    this.interleaved = interleaved;
  }

  int reads() {
    return reads.get();
  }

  @Override
  public Mono<Update> append(UserId user, UpdateType type, Message message) {
    return delegate.append(user, type, message);
  }

  @Override
  public Flux<Update> readAfter(UserId user, long cursor, int limit) {
    return delegate.readAfter(user, cursor, limit).collectList().flatMapMany(snapshot -> {
      if (reads.incrementAndGet() == 1) {
        interleaved.run();
      }
      return Flux.fromIterable(snapshot);
    });
  }

  @Override
  public Mono<Update> find(UserId user, Message message) {
    return delegate.find(user, message);
  }

  @Override
  public Mono<Long> head(UserId user) {
    return delegate.head(user);
  }
}
