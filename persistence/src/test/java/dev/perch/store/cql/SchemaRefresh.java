package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets the driver finish the metadata refresh a schema change (a test's DROP KEYSPACE) triggered,
 * so closing the session under it logs no warning per table; waits at most {@link #DEADLINE}: a
 * driver whose control connection is gone (Cassandra restarted by another test) never finishes it,
 * and the plain {@code refreshSchema()} would wait forever.
 */
public final class SchemaRefresh {

  static final Duration DEADLINE = Duration.ofSeconds(10);

  private SchemaRefresh() {}

  public static void settle(CqlSession session) {
    try {
      session.refreshSchemaAsync().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Only the warnings on close are at stake.
    }
  }
}
