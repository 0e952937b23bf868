package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.perch.model.UserId;
import reactor.core.publisher.Mono;

/**
 * The durable head of each user's update stream: the highest seq whose append wrote its row.
 * Raised {@code USING TIMESTAMP <seq>}, so concurrent raises converge on the highest seq on every
 * replica without a lightweight transaction, and a lower seq can never replace a higher one. For
 * the same reason every write to {@code update_heads} must carry such a timestamp: one stamped
 * with the wall clock would outrank every seq and pin the head. Thread-safe; publishers are lazy.
 */
public final class CqlUpdateHeads {

  private final CqlStatement read;
  private final CqlStatement raise;

  public CqlUpdateHeads(CqlSession session, CqlStoreOptions options) {
    String table = options.keyspace() + ".update_heads";
    this.read = CqlStatement.of(session, options, "SELECT head FROM " + table + " WHERE user_id = ?", true);
    this.raise = CqlStatement.of(session, options,
        "UPDATE " + table + " USING TIMESTAMP ? SET head = ? WHERE user_id = ?", true);
  }

  /** The head of {@code user}'s stream, 0 when nothing was appended. */
  public Mono<Long> read(UserId user) {
    return read.one(p -> p.bind(user.value()))
        .map(row -> row.getLong(0))
        .defaultIfEmpty(0L)
        .onErrorMap(StoreErrors::translate);
  }

  /** Raises the head to {@code seq}, unless it already is higher. */
  Mono<Void> raise(UserId user, long seq) {
    return raise.run(p -> p.bind(seq, seq, user.value()));
  }
}
