package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.UUID;

/**
 * A throwaway keyspace with the store schema on the test Cassandra, one per test class: open it in
 * {@code @BeforeAll}, close it (dropping the keyspace) in {@code @AfterAll}. The node is found at
 * {@value #CONTACT_POINTS_ENV} or 127.0.0.1:9042; when nothing answers there the test fails, it is
 * never skipped.
 */
final class CqlTestKeyspace implements AutoCloseable {

  static final String CONTACT_POINTS_ENV = "PERCH_CQL_CONTACT_POINTS";
  private static final String DEFAULT_CONTACT_POINTS = "127.0.0.1:9042";
  private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(30);
  private static final Duration SCHEMA_DEADLINE = Duration.ofMinutes(2);

  private final CqlSession session;
  private final CqlStoreOptions options;

  private CqlTestKeyspace(CqlSession session, CqlStoreOptions options) {
    this.session = session;
    this.options = options;
  }

  static CqlTestKeyspace open() {
    String points = System.getenv().getOrDefault(CONTACT_POINTS_ENV, DEFAULT_CONTACT_POINTS);
    CqlStoreOptions options = CqlStoreOptions.defaults()
        .withKeyspace("perch_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    CqlSession session;
    try {
      session = CqlSessions.connect(CqlSessions.parseContactPoints(points), CqlSessions.DEFAULT_DATACENTER, options)
          .block(CONNECT_DEADLINE);
    } catch (RuntimeException e) {
      throw new AssertionError("No Cassandra answers at " + points + ". Start one with `dev/cassandra.sh start`, "
          + "or point " + CONTACT_POINTS_ENV + " at one (host:port,...). Cause: " + e, e);
    }
    CqlSchema.apply(session, options).block(SCHEMA_DEADLINE);
    return new CqlTestKeyspace(session, options);
  }

  CqlSession session() {
    return session;
  }

  /** The options the keyspace was created with; stores may vary everything but keyspace and TTLs. */
  CqlStoreOptions options() {
    return options;
  }

  @Override
  public void close() {
    try {
      session.execute(SimpleStatement.builder("DROP KEYSPACE IF EXISTS " + options.keyspace())
          .setTimeout(SCHEMA_DEADLINE)
          .build());
      // Let the driver finish the metadata refresh the drop triggered, or closing the session
      // under it logs a warning per table.
      SchemaRefresh.settle(session);
    } finally {
      session.close();
    }
  }
}
