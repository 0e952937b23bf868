package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.perch.model.UserId;
import reactor.core.publisher.Mono;

/**
 * Where a user's seq counter (kept outside the store, e.g. in Redis) starts when it is missing.
 *
 * <p>A missing counter is either new or lost. A lost one may have handed out seqs whose writes are
 * still in flight, so it must restart above them: at the durable head plus a safety jump. A new
 * one may start at 0, and readers then see seq 1 at once instead of waiting out the jump as a
 * hole. The two are told apart by a claim in {@code update_streams} ({@code IF NOT EXISTS}), taken
 * by every seeding: a claim that applies proves that no counter, hence no seq, ever existed for the
 * user. Thread-safe; lazy.
 */
public final class CqlSequenceSeeds {

  private final CqlStatement claim;
  private final CqlUpdateHeads heads;
  private final long jump;

  /** @param jump how far above the durable head a lost counter restarts; positive */
  public CqlSequenceSeeds(CqlSession session, CqlStoreOptions options, long jump) {
    if (jump <= 0) {
      throw new IllegalArgumentException("jump must be positive: " + jump);
    }
    this.claim = CqlStatement.of(session, options,
        "INSERT INTO " + options.keyspace() + ".update_streams (user_id) VALUES (?) IF NOT EXISTS", false);
    this.heads = new CqlUpdateHeads(session, options);
    this.jump = jump;
  }

  /** The value the user's counter restarts from; its next seq is one more. */
  public Mono<Long> seed(UserId user) {
    return claim.execute(p -> p.bind(user.value()))
        .flatMap(result -> result.wasApplied()
            ? Mono.just(0L)
            : heads.read(user).map(head -> Math.addExact(head, jump)))
        .onErrorMap(StoreErrors::translate);
  }
}
