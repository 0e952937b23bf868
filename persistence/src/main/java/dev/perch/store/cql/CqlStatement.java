package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One CQL statement, prepared on its first use and reused after that. Bound statements inherit the
 * store's consistency, serial consistency and request timeout from the prepared one. A failed
 * prepare is not remembered, so the next use tries again. Thread-safe; every publisher is lazy and
 * completes on a driver thread, so what follows it must not block.
 */
final class CqlStatement {

  private final CqlSession session;
  private final SimpleStatement statement;
  private volatile PreparedStatement prepared;

  private CqlStatement(CqlSession session, SimpleStatement statement) {
    this.session = session;
    this.statement = statement;
  }

  /**
   * @param idempotent whether running the statement twice has the effect of running it once; the
   *     driver retries only idempotent statements after a timeout
   */
  static CqlStatement of(CqlSession session, CqlStoreOptions options, String cql, boolean idempotent) {
    return new CqlStatement(session, SimpleStatement.builder(cql)
        .setConsistencyLevel(options.consistency())
        .setSerialConsistencyLevel(options.serialConsistency())
        .setTimeout(options.requestTimeout())
        .setIdempotence(idempotent)
        .build());
  }

  Mono<PreparedStatement> prepared() {
    return Mono.defer(() -> {
      PreparedStatement known = prepared;
      return known != null
          ? Mono.just(known)
          : Mono.fromCompletionStage(session.prepareAsync(statement)).doOnNext(p -> prepared = p);
    });
  }

  /** Runs the statement bound by {@code bind}; the result holds the first page only. */
  Mono<AsyncResultSet> execute(Function<PreparedStatement, ? extends Statement<?>> bind) {
    return prepared().flatMap(p -> Mono.fromCompletionStage(session.executeAsync(bind.apply(p))));
  }

  /** Runs the statement and completes when it has been applied. */
  Mono<Void> run(Function<PreparedStatement, ? extends Statement<?>> bind) {
    return execute(bind).then();
  }

  /** The first row, or empty. */
  Mono<Row> one(Function<PreparedStatement, ? extends Statement<?>> bind) {
    return execute(bind).mapNotNull(AsyncResultSet::one);
  }

  /** Every row, fetching the next page only when the subscriber wants more than it has. */
  Flux<Row> rows(Function<PreparedStatement, ? extends Statement<?>> bind) {
    return execute(bind).flatMapMany(CqlStatement::pages);
  }

  private static Flux<Row> pages(AsyncResultSet page) {
    Flux<Row> rows = Flux.fromIterable(page.currentPage());
    return page.hasMorePages()
        ? rows.concatWith(Mono.fromCompletionStage(page::fetchNextPage).flatMapMany(CqlStatement::pages))
        : rows;
  }
}
