/**
 * The stores in ScyllaDB or Cassandra through the CQL driver's async API: {@link
 * dev.perch.store.cql.CqlMessageStore} and {@link dev.perch.store.cql.CqlUpdateStore}, configured by
 * {@link dev.perch.store.cql.CqlStoreOptions}, on a session from {@link
 * dev.perch.store.cql.CqlSessions} with the schema of {@link dev.perch.store.cql.CqlSchema}. Only
 * features both databases share: no SAI, no Accord; a lightweight transaction only for
 * idempotency keys. Every statement is prepared once and every query bounded.
 */
package dev.perch.store.cql;
