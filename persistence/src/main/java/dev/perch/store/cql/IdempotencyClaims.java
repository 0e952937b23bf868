package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.perch.model.Message;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The durable record of {@code (sender, clientMsgId)} keys in {@code idempotency}: which message
 * holds each key, forgotten after the idempotency window.
 *
 * <p>{@link #claim} takes a key with {@code INSERT ... IF NOT EXISTS USING TTL}, a lightweight
 * transaction at the serial consistency of the options: of concurrent claims of one key, across
 * all nodes, exactly one is applied. It is the claim where no {@link dev.perch.store.ClaimCache}
 * answers; behind one, the holder the cache chose is {@link #record recorded} with a plain write,
 * and {@link #find} reads it back.
 *
 * <p>A claim whose outcome is unknown (a timeout, Paxos contention) is simply tried again: if the
 * lost attempt had been applied, the retry finds the key held by a message with this message's
 * id, which is unique, and so still reports this message as the owner. Thread-safe; lazy.
 */
final class IdempotencyClaims {

  private static final int RETRIES = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);

  private final CqlStoreOptions options;
  private final CqlStatement claim;
  private final CqlStatement record;
  private final CqlStatement find;

  IdempotencyClaims(CqlSession session, CqlStoreOptions options) {
    this.options = options;
    this.claim = CqlStatement.of(session, options, "INSERT INTO " + options.keyspace() + ".idempotency"
        + " (sender, client_msg_id, message) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?", false);
    this.record = CqlStatement.of(session, options, "INSERT INTO " + options.keyspace() + ".idempotency"
        + " (sender, client_msg_id, message) VALUES (?, ?, ?) USING TTL ?", true);
    this.find = CqlStatement.of(session, options, "SELECT message FROM " + options.keyspace() + ".idempotency"
        + " WHERE sender = ? AND client_msg_id = ?", true);
  }

  /** Records {@code message} as its key's holder (a plain upsert: the claim was decided elsewhere). */
  Mono<Void> record(Message message) {
    return record.run(p -> p.bind(message.from().value(), message.clientMsgId(),
        MessageUdt.toUdt(MessageUdt.typeOf(p, "message"), message), options.idempotencyTtlSeconds()));
  }

  /** The recorded holder of {@code message}'s key, or empty. */
  Mono<Message> find(Message message) {
    return find.one(p -> p.bind(message.from().value(), message.clientMsgId()))
        .map(row -> MessageUdt.fromUdt(row.getUdtValue(0)));
  }

  /** The message that holds the key: {@code message} itself when this call (or a lost attempt of it) claimed it. */
  Mono<Message> claim(Message message) {
    return claim.execute(p -> p.bind(message.from().value(), message.clientMsgId(),
            MessageUdt.toUdt(MessageUdt.typeOf(p, "message"), message), options.idempotencyTtlSeconds()))
        .map(result -> owner(message, result))
        .retryWhen(Retry.backoff(RETRIES, FIRST_BACKOFF)
            .filter(IdempotencyClaims::outcomeUnknown)
            .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
  }

  private static Message owner(Message message, AsyncResultSet result) {
    return result.wasApplied() ? message : MessageUdt.fromUdt(result.one().getUdtValue("message"));
  }

  private static boolean outcomeUnknown(Throwable error) {
    return error instanceof DriverTimeoutException
        || error instanceof CASWriteUnknownException
        || error instanceof WriteTimeoutException;
  }
}
