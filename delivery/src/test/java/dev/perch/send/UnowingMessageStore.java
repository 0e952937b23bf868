package dev.perch.send;

import dev.perch.model.Conversation;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.ReadMarker;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import java.time.Duration;
import java.util.function.IntPredicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A store that cannot record owed deliveries, as a store outage after the save would leave it. */
final class UnowingMessageStore implements MessageStore {

  private final MessageStore delegate;

  UnowingMessageStore(MessageStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Mono<Void> oweDelivery(Message message) {
    return Mono.error(new IllegalStateException("store outage"));
  }

  @Override
  public Mono<Saved> save(Message message) {
    return delegate.save(message);
  }

  @Override
  public Flux<Message> history(ConversationId conversation, long beforeId, int limit) {
    return delegate.history(conversation, beforeId, limit);
  }

  @Override
  public Flux<Conversation> conversations(UserId user, int limit) {
    return delegate.conversations(user, limit);
  }

  @Override
  public Mono<Conversation> conversation(UserId user, ConversationId conversation) {
    return delegate.conversation(user, conversation);
  }

  @Override
  public Mono<Boolean> leaseDelivery(Message message, Duration lease) {
    return delegate.leaseDelivery(message, lease);
  }

  @Override
  public Flux<Message> owedDeliveries(IntPredicate shards, int limit) {
    return delegate.owedDeliveries(shards, limit);
  }

  @Override
  public Mono<Void> settleDelivery(Message message) {
    return delegate.settleDelivery(message);
  }

  @Override
  public Mono<Long> markRead(ReadMarker marker) {
    return delegate.markRead(marker);
  }

  @Override
  public Mono<Long> readMarker(ConversationId conversation, UserId user) {
    return delegate.readMarker(conversation, user);
  }

  @Override
  public Flux<Owed> owedDeliveries(ConversationId conversation, int limit) {
    return delegate.owedDeliveries(conversation, limit);
  }

  @Override
  public Mono<Void> startDelivery(Message message) {
    return Mono.error(new IllegalStateException("store outage"));
  }
}
