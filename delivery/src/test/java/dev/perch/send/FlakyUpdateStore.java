package dev.perch.send;

import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UpdateBody;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Fails the next {@code failures} appends to {@code victim}'s stream, as a store outage would. */
final class FlakyUpdateStore implements UpdateStore {

  private final UpdateStore delegate;
  private final UserId victim;
  private final AtomicInteger failures;

  FlakyUpdateStore(UpdateStore delegate, UserId victim, int failures) {
    this.delegate = delegate;
    this.victim = victim;
    this.failures = new AtomicInteger(failures);
  }

  @Override
  public Mono<Update> append(UserId user, UpdateBody body) {
    return Mono.defer(() -> user.equals(victim) && failures.getAndDecrement() > 0
        ? Mono.error(new IllegalStateException("store outage"))
        : delegate.append(user, body));
  }

  @Override
  public Flux<Update> readAfter(UserId user, long cursor, int limit) {
    return delegate.readAfter(user, cursor, limit);
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
