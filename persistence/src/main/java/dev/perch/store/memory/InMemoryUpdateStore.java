package dev.perch.store.memory;

import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UpdateBody;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded update store: one {@link UpdateRing} per user, keeping that user's newest
 * {@code retainedPerUser} updates, and with a {@link MemoryBudget} fewer when the stores hold more
 * than it in all. Sequencing and storing happen under the ring's lock, so streams are dense and
 * never show a hole. Lost on restart.
 */
public final class InMemoryUpdateStore implements UpdateStore {

  private final int retainedPerUser;
  private final MemoryBudget budget;
  private final ConcurrentMap<UserId, UpdateRing> streams = new ConcurrentHashMap<>();

  /** A store bounded per user only. */
  public InMemoryUpdateStore(int retainedPerUser) {
    this(retainedPerUser, null);
  }

  /** A store bounded per user and, shared with the message store, by {@code budget} (null: none). */
  public InMemoryUpdateStore(int retainedPerUser, MemoryBudget budget) {
    if (retainedPerUser < 1) {
      throw new IllegalArgumentException("retainedPerUser must be positive");
    }
    this.retainedPerUser = retainedPerUser;
    this.budget = budget;
  }

  @Override
  public Mono<Update> append(UserId user, UpdateBody body) {
    return Mono.fromSupplier(() -> {
      UpdateRing ring = ring(user);
      Update update = ring.append(seq -> new Update(user, seq, body));
      if (budget != null) {
        budget.charge(new RetainedUpdate(ring, update.seq()));
      }
      return update;
    });
  }

  private record RetainedUpdate(UpdateRing ring, long seq) implements MemoryBudget.Retained {

    @Override
    public long bytes() {
      return MemoryBudget.UPDATE_BYTES;
    }

    @Override
    public void evict() {
      ring.dropThrough(seq);
    }
  }

  @Override
  public Flux<Update> readAfter(UserId user, long cursor, int limit) {
    return Flux.defer(() -> {
      UpdateRing ring = streams.get(user);
      return ring == null ? Flux.empty() : Flux.fromIterable(ring.after(cursor, limit));
    });
  }

  @Override
  public Mono<Update> find(UserId user, Message message) {
    return Mono.fromSupplier(() -> {
      UpdateRing ring = streams.get(user);
      return ring == null ? null : ring.find(message.id());
    });
  }

  @Override
  public Mono<Long> head(UserId user) {
    return Mono.fromSupplier(() -> {
      UpdateRing ring = streams.get(user);
      return ring == null ? 0L : ring.head();
    });
  }

  private UpdateRing ring(UserId user) {
    return streams.computeIfAbsent(user, u -> new UpdateRing(retainedPerUser));
  }
}
