package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.perch.id.MessageIds;
import dev.perch.model.Conversation;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.ReadMarker;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.function.IntPredicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chat history in CQL. Thread-safe and non-blocking; every publisher is lazy.
 *
 * <p>{@link #save} claims the idempotency key first ({@link IdempotencyClaims}), then writes the
 * message to {@code messages}, its bucket to {@code message_buckets} (once per node and bucket,
 * {@link IndexWrites}) and the conversation to both
 * members' {@code conversations_by_user}, in parallel. The writes are plain upserts of the same
 * values, so a repeat of a save whose writes failed after the claim writes the earlier message
 * again before returning it: a message returned by {@code save}, first time or repeat, is stored.
 *
 * A group's message is not written to {@code conversations_by_user}: a group's newest message is
 * its history's newest.
 *
 * <p>{@code conversations_by_user} is written {@code USING TIMESTAMP} the time in the message id, in
 * microseconds, so the newest message stays last whatever order concurrent saves land in; two
 * messages of one millisecond tie on the timestamp and the larger id wins (see {@link MessageUdt}).
 *
 * <p>Bounds: {@link #history} reads at most {@code limit + 1} buckets and {@code limit} rows from
 * each, stopping as soon as it has {@code limit} messages. {@link #conversations} reads at most
 * {@code conversationsScanLimit} conversations of a user, in conversation-id order, and sorts those
 * newest first: a user with more conversations than that sees the newest among the first ones.
 */
public final class CqlMessageStore implements MessageStore {

  /** (conversation, bucket) rows of {@code message_buckets} a node remembers having written; they never expire. */
  private static final int BUCKET_MEMORY = 100_000;
  private static final Duration BUCKET_REFRESH = Duration.ofDays(1);

  private final CqlStoreOptions options;
  private final IdempotencyClaims claims;
  private final CqlStatement insertMessage;
  private final CqlStatement insertBucket;
  private final IndexWrites bucketIndex = new IndexWrites(Clock.systemUTC(), BUCKET_REFRESH, BUCKET_MEMORY);
  private final CqlStatement upsertConversation;
  private final CqlStatement buckets;
  private final CqlStatement page;
  private final CqlStatement conversations;
  private final CqlStatement conversation;
  private final CqlStatement lease;
  private final CqlStatement owe;
  private final CqlStatement owed;
  private final CqlStatement owedOf;
  private final CqlStatement start;
  private final CqlStatement settle;
  private final CqlStatement mark;
  private final CqlStatement marker;

  public CqlMessageStore(CqlSession session, CqlStoreOptions options) {
    this.options = options;
    this.claims = new IdempotencyClaims(session, options);
    String ks = options.keyspace();
    this.insertMessage = CqlStatement.of(session, options, "INSERT INTO " + ks + ".messages"
        + " (conversation_id, bucket, message_id, sender, recipient, body, sent_at, client_msg_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", true);
    this.insertBucket = CqlStatement.of(session, options,
        "INSERT INTO " + ks + ".message_buckets (conversation_id, bucket) VALUES (?, ?)", true);
    this.upsertConversation = CqlStatement.of(session, options, "INSERT INTO " + ks + ".conversations_by_user"
        + " (user_id, conversation_id, last_message) VALUES (?, ?, ?) USING TIMESTAMP ?", true);
    this.buckets = CqlStatement.of(session, options, "SELECT bucket FROM " + ks + ".message_buckets"
        + " WHERE conversation_id = ? AND bucket <= ? LIMIT ?", true);
    this.page = CqlStatement.of(session, options, "SELECT message_id, sender, recipient, body, sent_at, client_msg_id"
        + " FROM " + ks + ".messages WHERE conversation_id = ? AND bucket = ? AND message_id < ? LIMIT ?", true);
    this.conversations = CqlStatement.of(session, options, "SELECT conversation_id, last_message FROM "
        + ks + ".conversations_by_user WHERE user_id = ? LIMIT ?", true);
    this.conversation = CqlStatement.of(session, options, "SELECT last_message FROM "
        + ks + ".conversations_by_user WHERE user_id = ? AND conversation_id = ?", true);
    this.lease = CqlStatement.of(session, options,
        "INSERT INTO " + ks + ".delivery_leases (message_id) VALUES (?) IF NOT EXISTS USING TTL ?", false);
    this.owe = CqlStatement.of(session, options, "INSERT INTO " + ks + ".owed_messages"
        + " (shard, conversation_id, message_id, message) VALUES (?, ?, ?, ?)", true);
    this.owed = CqlStatement.of(session, options,
        "SELECT message FROM " + ks + ".owed_messages WHERE shard = ? LIMIT ?", true);
    this.owedOf = CqlStatement.of(session, options, "SELECT message, started FROM " + ks + ".owed_messages"
        + " WHERE shard = ? AND conversation_id = ? LIMIT ?", true);
    this.start = CqlStatement.of(session, options, "INSERT INTO " + ks + ".owed_messages"
        + " (shard, conversation_id, message_id, message, started) VALUES (?, ?, ?, ?, true)", true);
    this.settle = CqlStatement.of(session, options,
        "DELETE FROM " + ks + ".owed_messages WHERE shard = ? AND conversation_id = ? AND message_id = ?", true);
    this.mark = CqlStatement.of(session, options, "INSERT INTO " + ks + ".read_markers"
        + " (conversation_id, user_id, up_to) VALUES (?, ?, ?) USING TIMESTAMP ?", true);
    this.marker = CqlStatement.of(session, options,
        "SELECT up_to FROM " + ks + ".read_markers WHERE conversation_id = ? AND user_id = ?", true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A lightweight transaction with a TTL of the lease (whole seconds, at least one). A claim
   * whose outcome is unknown fails, and the caller retries later: at worst a lost claim that was
   * applied holds the message for one lease.
   */
  @Override
  public Mono<Boolean> leaseDelivery(Message message, Duration duration) {
    int ttlSeconds = (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    return lease.execute(p -> p.bind(message.id(), ttlSeconds))
        .map(result -> result.wasApplied())
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Void> oweDelivery(Message message) {
    return owe.run(p -> p.bind(MessageStore.owedShard(message.conversationId()), message.conversationId().value(), message.id(),
            MessageUdt.toUdt(MessageUdt.typeOf(p, "message"), message)))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Void> startDelivery(Message message) {
    return start.run(p -> p.bind(MessageStore.owedShard(message.conversationId()), message.conversationId().value(), message.id(),
            MessageUdt.toUdt(MessageUdt.typeOf(p, "message"), message)))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Flux<Owed> owedDeliveries(ConversationId conversation, int limit) {
    if (limit < 1) {
      return Flux.empty();
    }
    return owedOf.rows(p -> p.bind(MessageStore.owedShard(conversation), conversation.value(), limit))
        .map(row -> new Owed(MessageUdt.fromUdt(row.getUdtValue("message")), row.getBoolean("started")))
        .onErrorMap(StoreErrors::translate);
  }

  /** Reads the accepted shards (partitions of {@code owed_messages}) one after another, each oldest first, and stops at {@code limit} messages. */
  @Override
  public Flux<Message> owedDeliveries(IntPredicate shards, int limit) {
    if (limit < 1) {
      return Flux.empty();
    }
    return Flux.range(0, OWED_SHARDS)
        .filter(shards::test)
        .concatMap(shard -> owed.rows(p -> p.bind(shard, limit)))
        .take(limit)
        .map(row -> MessageUdt.fromUdt(row.getUdtValue("message")))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Void> settleDelivery(Message message) {
    return settle.run(p -> p.bind(MessageStore.owedShard(message.conversationId()), message.conversationId().value(), message.id()))
        .onErrorMap(StoreErrors::translate);
  }


  /** Two writes: the marker, then reading back which one stood. */
  @Override
  public Mono<Long> markRead(ReadMarker read) {
    long timestampMicros = MessageIds.instantOf(read.upTo()).toEpochMilli() * 1_000;
    return mark.run(p -> p.bind(read.conversation().value(), read.user().value(), read.upTo(), timestampMicros))
        .then(readMarker(read.conversation(), read.user()))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Long> readMarker(ConversationId conversation, UserId user) {
    return marker.one(p -> p.bind(conversation.value(), user.value()))
        .map(row -> row.getLong(0))
        .defaultIfEmpty(0L)
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Saved> save(Message message) {
    Mono<Message> owner = message.clientMsgId() == null ? Mono.just(message) : claims.claim(message);
    return owner
        .flatMap(stored -> write(stored).thenReturn(new Saved(stored, stored.id() == message.id())))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Flux<Message> history(ConversationId id, long beforeId, int limit) {
    if (limit < 1) {
      return Flux.empty();
    }
    long top = Buckets.ofMessage(beforeId, options.messageBucketSpan());
    int bucketLimit = (int) Math.min((long) limit + 1, Integer.MAX_VALUE);
    return buckets.rows(p -> p.bind(id.value(), top, bucketLimit))
        .map(row -> row.getLong(0))
        .concatMap(bucket -> page.rows(p -> p.bind(id.value(), bucket, beforeId, limit)))
        .take(limit)
        .map(row -> toMessage(id, row))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Flux<Conversation> conversations(UserId user, int limit) {
    if (limit < 1) {
      return Flux.empty();
    }
    return conversations.rows(p -> p.bind(user.value(), options.conversationsScanLimit()))
        .map(row -> toConversation(user, ConversationId.parse(row.getString(0)), row))
        .sort(Comparator.comparingLong((Conversation c) -> c.lastMessage().id()).reversed())
        .take(limit)
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Conversation> conversation(UserId user, ConversationId id) {
    return conversation.one(p -> p.bind(user.value(), id.value()))
        .map(row -> toConversation(user, id, row))
        .onErrorMap(StoreErrors::translate);
  }

  private Mono<Void> write(Message m) {
    String id = m.conversationId().value();
    long bucket = Buckets.ofMessage(m.id(), options.messageBucketSpan());
    long timestampMicros = MessageIds.instantOf(m.id()).toEpochMilli() * 1_000;
    Flux<UserId> listedFor = m.conversationId().isGroup()
        ? Flux.empty()
        : Flux.fromIterable(new LinkedHashSet<>(m.conversationId().members()));
    return Mono.when(
        insertMessage.run(p -> bindMessage(p, m, bucket)),
        bucketIndex.once(id, bucket, () -> insertBucket.run(p -> p.bind(id, bucket))),
        listedFor.flatMap(member -> upsertConversation.run(p -> p.bind(member.value(), id,
            MessageUdt.toUdt(MessageUdt.typeOf(p, "last_message"), m), timestampMicros))));
  }

  /** Leaves a missing clientMsgId or recipient unset rather than null, which would write a tombstone. */
  private static BoundStatement bindMessage(PreparedStatement p, Message m, long bucket) {
    BoundStatementBuilder b = p.boundStatementBuilder()
        .setString("conversation_id", m.conversationId().value())
        .setLong("bucket", bucket)
        .setLong("message_id", m.id())
        .setString("sender", m.from().value())
        .setString("body", m.text())
        .setInstant("sent_at", m.sentAt());
    if (m.to() != null) {
      b = b.setString("recipient", m.to().value());
    }
    return (m.clientMsgId() == null ? b : b.setString("client_msg_id", m.clientMsgId())).build();
  }

  private static Message toMessage(ConversationId id, Row row) {
    return new Message(row.getLong("message_id"), id, UserId.of(row.getString("sender")),
        MessageUdt.recipient(row.getString("recipient")), row.getString("body"), row.getString("client_msg_id"),
        row.getInstant("sent_at"));
  }

  private static Conversation toConversation(UserId user, ConversationId id, Row row) {
    return new Conversation(id, id.peerOf(user), MessageUdt.fromUdt(row.getUdtValue("last_message")));
  }
}
