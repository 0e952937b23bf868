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
 * Claims {@code (sender, clientMsgId)} keys with {@code INSERT ... IF NOT EXISTS USING TTL}, a
 * lightweight transaction at the serial consistency of the options: of concurrent claims of one
 * key, across all nodes, exactly one is applied. The key is forgotten after the idempotency window.
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

  IdempotencyClaims(CqlSession session, CqlStoreOptions options) {
    this.options = options;
    this.claim = CqlStatement.of(session, options, "INSERT INTO " + options.keyspace() + ".idempotency"
        + " (sender, client_msg_id, message) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?", false);
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
