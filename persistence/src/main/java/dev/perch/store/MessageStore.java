package dev.perch.store;

import dev.perch.model.Conversation;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.ReadMarker;
import dev.perch.model.UserId;
import java.time.Duration;
import java.util.function.IntPredicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable chat history: messages by conversation, and each user's list of conversations.
 *
 * <p>Implementations are thread-safe and non-blocking; every publisher is lazy, so re-subscribing
 * repeats the operation. Every read is bounded by its {@code limit}.
 */
public interface MessageStore {

  /** Shards of the owed deliveries; fixed, as a durable store keeps its rows by shard. */
  int OWED_SHARDS = 8;

  /**
   * Stores {@code message} in its conversation (and, 1-1, in both members' conversation lists; a
   * group's newest message is its history's newest), unless the
   * same sender already stored a message with the same non-null {@code clientMsgId} within the
   * idempotency window: then nothing is written and the earlier message is returned with
   * {@code created == false}. Concurrent saves of one key store exactly one message.
   */
  Mono<Saved> save(Message message);

  /** Messages of a conversation with an id below {@code beforeId}, newest first, at most {@code limit}. */
  Flux<Message> history(ConversationId conversation, long beforeId, int limit);

  /** The user's 1-1 conversations, the one with the newest message first, at most {@code limit}. */
  Flux<Conversation> conversations(UserId user, int limit);

  /** The 1-1 conversation as {@code user} sees it, or empty when it has no message yet. */
  Mono<Conversation> conversation(UserId user, ConversationId conversation);

  /**
   * Moves {@code marker.user()}'s read marker of the conversation to {@code marker.upTo()} unless it
   * is already there or further, and answers the marker after the call. Concurrent calls leave the
   * highest; a marker never moves back.
   */
  Mono<Long> markRead(ReadMarker marker);

  /** How far {@code user} has read {@code conversation}: a message id, or 0 when not at all. */
  Mono<Long> readMarker(ConversationId conversation, UserId user);

  /**
   * Takes, for {@code lease}, the right to finish delivering {@code message}, which an earlier send
   * attempt left incomplete: of concurrent calls for one message, across nodes, at most one gets
   * {@code true} until its lease ends. A repeated send holds it while it appends the message where
   * it is missing, so two repeats never both append it.
   */
  Mono<Boolean> leaseDelivery(Message message, Duration lease);

  /**
   * Records that {@code message}, already saved, is to be acknowledged before it is in every
   * member's update stream (its send could not append it: the sequencer was unreachable), so that
   * some node finishes delivering it later. Recording it again changes nothing.
   */
  Mono<Void> oweDelivery(Message message);

  /**
   * Messages recorded by {@link #oweDelivery} and not yet {@linkplain #settleDelivery settled}, of
   * the conversations whose {@link #owedShard} {@code shards} accepts, at most {@code limit}; those
   * of one conversation in the order they were sent.
   */
  Flux<Message> owedDeliveries(IntPredicate shards, int limit);

  /**
   * Which of the {@link #OWED_SHARDS} shards {@code conversation}'s owed messages are in: nodes
   * share the sweeping of owed deliveries by shard.
   */
  static int owedShard(ConversationId conversation) {
    return Math.floorMod(conversation.value().hashCode(), OWED_SHARDS);
  }

  /** Forgets an owed delivery once the message is in every member's stream. */
  Mono<Void> settleDelivery(Message message);

  /**
   * The owed messages of one conversation, in the order they were sent, at most {@code limit},
   * each with whether a delivery of it {@linkplain #startDelivery started}. Every message of a
   * group is owed until the group's relay delivered it.
   */
  Flux<Owed> owedDeliveries(ConversationId conversation, int limit);

  /**
   * Records {@code message} as owed with its delivery started, in one write: whoever finishes it
   * must look for copies an interrupted delivery appended. Unlike {@link #oweDelivery} it may come
   * after the message was settled; the owed record it leaves is then finished by finding every
   * copy, and settled again.
   */
  Mono<Void> startDelivery(Message message);

  /** An owed message, and whether a delivery of it already started. */
  record Owed(Message message, boolean started) {}

  /** The outcome of {@link #save}: the stored message and whether this call created it. */
  record Saved(Message message, boolean created) {}
}
