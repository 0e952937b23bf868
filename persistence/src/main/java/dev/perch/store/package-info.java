/**
 * The store seams: {@link dev.perch.store.MessageStore} (history) and
 * {@link dev.perch.store.UpdateStore} (per-user update streams). The in-memory implementations are
 * the embedded default; {@code store.cql} keeps them in ScyllaDB/Cassandra.
 */
package dev.perch.store;
