package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import reactor.core.publisher.Mono;

/**
 * Tells a claim cache that lost its epoch whether it is new or lost its keys: a claim in
 * {@code claim_epochs} ({@code IF NOT EXISTS}) that applies once per keyspace and cache. Thread-safe; lazy.
 */
public final class CqlClaimEpochs {

  private final CqlStatement claim;
  private final String cache;

  /** @param cache names the cache (one row per cache a keyspace is used with) */
  public CqlClaimEpochs(CqlSession session, CqlStoreOptions options, String cache) {
    this.claim = CqlStatement.of(session, options,
        "INSERT INTO " + options.keyspace() + ".claim_epochs (cache) VALUES (?) IF NOT EXISTS", false);
    this.cache = cache;
  }

  /** True the first time it is asked for this keyspace and cache, on any node; false ever after. */
  public Mono<Boolean> firstUse() {
    return claim.execute(p -> p.bind(cache)).map(result -> result.wasApplied()).onErrorMap(StoreErrors::translate);
  }
}
