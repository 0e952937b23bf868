package dev.perch.store.memory;

import dev.perch.model.Conversation;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.ReadMarker;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.IntPredicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded history store: each conversation keeps its newest {@code retainedPerConversation}
 * messages, and with a {@link MemoryBudget} fewer when the stores hold more than it in all;
 * idempotency keys live for {@code idempotencyWindow}. Thread-safe; lost on restart.
 */
public final class InMemoryMessageStore implements MessageStore {

  private final int retainedPerConversation;
  private final IdempotencyKeys idempotency;
  private final ConcurrentMap<ConversationId, ConversationLog> logs = new ConcurrentHashMap<>();
  private final ConcurrentMap<UserId, Set<ConversationId>> conversationsByUser = new ConcurrentHashMap<>();
  /** Delivery leases by message id. Only repeats of incomplete sends take one, so there are few. */
  private final ConcurrentMap<Long, Lease> deliveryLeases = new ConcurrentHashMap<>();
  /** Owed deliveries by message id, so oldest first. */
  private final ConcurrentNavigableMap<Long, Message> owed = new ConcurrentSkipListMap<>();
  /** Ids of owed messages whose delivery started. */
  private final Set<Long> started = ConcurrentHashMap.newKeySet();
  private final ConcurrentMap<MarkerKey, Long> readMarkers = new ConcurrentHashMap<>();
  private final Clock clock;
  private final MemoryBudget budget;

  /** A store bounded per conversation only. */
  public InMemoryMessageStore(int retainedPerConversation, Duration idempotencyWindow, Clock clock) {
    this(retainedPerConversation, idempotencyWindow, clock, null);
  }

  /** A store bounded per conversation and, shared with the update store, by {@code budget} (null: none). */
  public InMemoryMessageStore(
      int retainedPerConversation, Duration idempotencyWindow, Clock clock, MemoryBudget budget) {
    if (retainedPerConversation < 1) {
      throw new IllegalArgumentException("retainedPerConversation must be positive");
    }
    this.retainedPerConversation = retainedPerConversation;
    this.clock = clock;
    this.idempotency = new IdempotencyKeys(idempotencyWindow, clock);
    this.budget = budget;
  }

  @Override
  public Mono<Saved> save(Message message) {
    return Mono.fromSupplier(() -> {
      if (message.clientMsgId() != null) {
        Message earlier = idempotency.claim(message);
        if (earlier != null) {
          return new Saved(earlier, false);
        }
      }
      ConversationLog log = logs.get(message.conversationId());
      if (log == null) {
        log = logs.computeIfAbsent(message.conversationId(), this::newConversation);
      }
      log.add(message);
      if (budget != null) {
        budget.charge(new RetainedMessage(log, idempotency, message, MemoryBudget.messageBytes(message.text())));
      }
      return new Saved(message, true);
    });
  }

  /**
   * A conversation's log, a 1-1 one listed for each of its members as it is made (once per
   * conversation); groups are listed by the group store.
   */
  private ConversationLog newConversation(ConversationId id) {
    if (!id.isGroup()) {
      for (UserId member : id.members()) {
        conversationsByUser.computeIfAbsent(member, u -> ConcurrentHashMap.newKeySet()).add(id);
      }
    }
    return new ConversationLog(retainedPerConversation);
  }

  /**
   * A message in its conversation's history and, with a clientMsgId, in the idempotency keys: the
   * budget drops both, so a repeat of a dropped message's key stores a new one, as after the window.
   */
  private record RetainedMessage(ConversationLog log, IdempotencyKeys keys, Message message, long bytes)
      implements MemoryBudget.Retained {

    @Override
    public void evict() {
      log.remove(message.id());
      keys.forget(message);
    }
  }

  @Override
  public Flux<Message> history(ConversationId conversation, long beforeId, int limit) {
    return Flux.defer(() -> {
      ConversationLog log = logs.get(conversation);
      return log == null ? Flux.empty() : Flux.fromIterable(log.before(beforeId, limit));
    });
  }

  @Override
  public Flux<Conversation> conversations(UserId user, int limit) {
    return Flux.defer(() -> Flux.fromStream(
        conversationsByUser.getOrDefault(user, Set.of()).stream()
            .map(id -> summary(user, id))
            .filter(Objects::nonNull)
            .sorted(Comparator.comparingLong((Conversation c) -> c.lastMessage().id()).reversed())
            .limit(limit)));
  }

  @Override
  public Mono<Conversation> conversation(UserId user, ConversationId conversation) {
    return Mono.fromSupplier(() -> summary(user, conversation));
  }

  @Override
  public Mono<Long> markRead(ReadMarker marker) {
    return Mono.fromSupplier(() ->
        readMarkers.merge(new MarkerKey(marker.conversation(), marker.user()), marker.upTo(), Math::max));
  }

  @Override
  public Mono<Long> readMarker(ConversationId conversation, UserId user) {
    return Mono.fromSupplier(() -> readMarkers.getOrDefault(new MarkerKey(conversation, user), 0L));
  }

  /** A read marker's key; equals and hashCode by hand, as {@link UserId}'s. */
  private record MarkerKey(ConversationId conversation, UserId user) {

    @Override
    public boolean equals(Object other) {
      return other instanceof MarkerKey key && conversation.equals(key.conversation) && user.equals(key.user);
    }

    @Override
    public int hashCode() {
      return 31 * conversation.hashCode() + user.hashCode();
    }
  }

  @Override
  public Mono<Boolean> leaseDelivery(Message message, Duration lease) {
    return Mono.fromSupplier(() -> {
      long now = clock.millis();
      deliveryLeases.values().removeIf(held -> held.endMillis() <= now);
      Lease mine = new Lease(now + lease.toMillis());
      return deliveryLeases.merge(message.id(), mine, (held, wanted) -> held.endMillis() > now ? held : wanted) == mine;
    });
  }

  @Override
  public Mono<Void> oweDelivery(Message message) {
    return Mono.fromRunnable(() -> owed.put(message.id(), message));
  }

  @Override
  public Flux<Message> owedDeliveries(IntPredicate shards, int limit) {
    return Flux.defer(() -> Flux.fromIterable(owed.values())
        .filter(message -> shards.test(MessageStore.owedShard(message.conversationId())))
        .take(limit));
  }

  @Override
  public Mono<Void> settleDelivery(Message message) {
    return Mono.fromRunnable(() -> {
      owed.remove(message.id());
      started.remove(message.id());
    });
  }

  /** Reads through every owed message: there are few, as each is owed only until it is delivered. */
  @Override
  public Flux<Owed> owedDeliveries(ConversationId conversation, int limit) {
    return Flux.defer(() -> Flux.fromIterable(owed.values()))
        .filter(message -> message.conversationId().equals(conversation))
        .take(limit)
        .map(message -> new Owed(message, started.contains(message.id())));
  }

  @Override
  public Mono<Void> startDelivery(Message message) {
    return Mono.fromRunnable(() -> {
      started.add(message.id());
      owed.put(message.id(), message);
    });
  }

  /** A delivery lease; compared by identity, so each caller can tell whether its own lease won. */
  private record Lease(long endMillis) {}

  private Conversation summary(UserId user, ConversationId id) {
    if (id.isGroup()) {
      return null;
    }
    ConversationLog log = logs.get(id);
    Message last = log == null ? null : log.last();
    return last == null ? null : new Conversation(id, id.peerOf(user), last);
  }
}
