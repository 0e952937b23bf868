package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the CQL stores lay out and access their data. Immutable; start from {@link #defaults()} and
 * change fields with the {@code withX} methods.
 *
 * @param keyspace the keyspace of every table; default {@code perch}
 * @param replication the keyspace's replication map in CQL, used only when the keyspace is created;
 *     default {@code {'class': 'SimpleStrategy', 'replication_factor': 1}} (one dev node; use
 *     {@code NetworkTopologyStrategy} with RF 3 in production)
 * @param keyspaceProperties CQL appended to the keyspace's {@code WITH} clause when it is created;
 *     default empty. ScyllaDB 6 and later create tablet keyspaces, which do not support the
 *     lightweight transaction of the idempotency claim: there use
 *     {@code AND tablets = {'enabled': false}} (Cassandra rejects that property)
 * @param consistency of every read and write; default {@code LOCAL_QUORUM}
 * @param serialConsistency of the lightweight transactions (the idempotency claim, seeds, leases,
 *     group changes); default {@code LOCAL_SERIAL}
 * @param requestTimeout the longest any one store request may take, retries included; default 2 s.
 *     Must be under half of {@code holeTimeout}, see {@link CqlUpdateStore}
 * @param updateBucketSize how many seqs of one user share a partition of {@code updates}; default
 *     10,000
 * @param updateRetention how long updates are kept (their TTL); default 30 days
 * @param holeTimeout how long a reader waits for a missing seq before it skips it; default 5 s.
 *     Longer than any write may take, see {@link CqlUpdateStore}
 * @param messageBucketSpan how much time of one conversation's history shares a partition of
 *     {@code messages}; default 30 days
 * @param idempotencyWindow how long a {@code (sender, clientMsgId)} is remembered; default 24 h
 * @param conversationsScanLimit how many conversations of a user {@code conversations()} reads
 *     before sorting them newest first; default 1,000
 */
public record CqlStoreOptions(
    String keyspace,
    String replication,
    String keyspaceProperties,
    ConsistencyLevel consistency,
    ConsistencyLevel serialConsistency,
    Duration requestTimeout,
    long updateBucketSize,
    Duration updateRetention,
    Duration holeTimeout,
    Duration messageBucketSpan,
    Duration idempotencyWindow,
    int conversationsScanLimit) {

  /** Unquoted CQL identifiers are case-insensitive; lower case keeps names unambiguous. */
  private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");
  /** Cassandra and ScyllaDB reject TTLs above 20 years. */
  static final Duration MAX_TTL = Duration.ofDays(20 * 365);

  public CqlStoreOptions {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(replication, "replication");
    Objects.requireNonNull(keyspaceProperties, "keyspaceProperties");
    Objects.requireNonNull(consistency, "consistency");
    Objects.requireNonNull(serialConsistency, "serialConsistency");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(updateRetention, "updateRetention");
    Objects.requireNonNull(holeTimeout, "holeTimeout");
    Objects.requireNonNull(messageBucketSpan, "messageBucketSpan");
    Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
    require(KEYSPACE.matcher(keyspace).matches(), "keyspace must match " + KEYSPACE + ", got " + keyspace);
    String map = replication.strip();
    require(map.startsWith("{") && map.endsWith("}"), "replication must be a CQL map, got " + replication);
    require(keyspaceProperties.isBlank() || keyspaceProperties.strip().startsWith("AND "),
        "keyspaceProperties must be empty or start with AND, got " + keyspaceProperties);
    require(!consistency.isSerial(), "consistency must not be serial, got " + consistency);
    require(serialConsistency.isSerial(), "serialConsistency must be serial, got " + serialConsistency);
    require(isPositive(requestTimeout), "requestTimeout must be positive");
    require(requestTimeout.multipliedBy(2).compareTo(holeTimeout) < 0,
        "requestTimeout (" + requestTimeout + ") must be under half of holeTimeout (" + holeTimeout + ")");
    require(updateBucketSize > 0, "updateBucketSize must be positive");
    require(isTtl(updateRetention), "updateRetention must be 1 s to 20 years");
    require(isTtl(idempotencyWindow), "idempotencyWindow must be 1 s to 20 years");
    require(messageBucketSpan.toMillis() >= 1, "messageBucketSpan must be at least 1 ms");
    require(conversationsScanLimit > 0, "conversationsScanLimit must be positive");
  }

  /** The documented defaults. */
  public static CqlStoreOptions defaults() {
    return new CqlStoreOptions(
        "perch",
        "{'class': 'SimpleStrategy', 'replication_factor': 1}",
        "",
        ConsistencyLevel.LOCAL_QUORUM,
        ConsistencyLevel.LOCAL_SERIAL,
        Duration.ofSeconds(2),
        10_000,
        Duration.ofDays(30),
        Duration.ofSeconds(5),
        Duration.ofDays(30),
        Duration.ofHours(24),
        1_000);
  }

  public CqlStoreOptions withKeyspace(String value) {
    return new CqlStoreOptions(value, replication, keyspaceProperties, consistency,
        serialConsistency, requestTimeout, updateBucketSize, updateRetention,
        holeTimeout, messageBucketSpan, idempotencyWindow, conversationsScanLimit);
  }

  public CqlStoreOptions withReplication(String value) {
    return new CqlStoreOptions(keyspace, value, keyspaceProperties, consistency,
        serialConsistency, requestTimeout, updateBucketSize, updateRetention,
        holeTimeout, messageBucketSpan, idempotencyWindow, conversationsScanLimit);
  }

  public CqlStoreOptions withKeyspaceProperties(String value) {
    return new CqlStoreOptions(keyspace, replication, value, consistency,
        serialConsistency, requestTimeout, updateBucketSize, updateRetention,
        holeTimeout, messageBucketSpan, idempotencyWindow, conversationsScanLimit);
  }

  public CqlStoreOptions withConsistency(ConsistencyLevel value) {
    return new CqlStoreOptions(keyspace, replication, keyspaceProperties, value,
        serialConsistency, requestTimeout, updateBucketSize, updateRetention,
        holeTimeout, messageBucketSpan, idempotencyWindow, conversationsScanLimit);
  }

  public CqlStoreOptions withSerialConsistency(ConsistencyLevel value) {
    return new CqlStoreOptions(keyspace, replication, keyspaceProperties, consistency,
        value, requestTimeout, updateBucketSize, updateRetention,
        holeTimeout, messageBucketSpan, idempotencyWindow, conversationsScanLimit);
  }

  /** Changes both timeouts at once, since each bounds the other. */
  public CqlStoreOptions withTimeouts(Duration request, Duration hole) {
    return new CqlStoreOptions(keyspace, replication, keyspaceProperties, consistency,
        serialConsistency, request, updateBucketSize, updateRetention,
        hole, messageBucketSpan, idempotencyWindow, conversationsScanLimit);
  }

  public CqlStoreOptions withUpdateBucketSize(long value) {
    return new CqlStoreOptions(keyspace, replication, keyspaceProperties, consistency,
        serialConsistency, requestTimeout, value, updateRetention,
        holeTimeout, messageBucketSpan, idempotencyWindow, conversationsScanLimit);
  }

  public CqlStoreOptions withUpdateRetention(Duration value) {
    return new CqlStoreOptions(keyspace, replication, keyspaceProperties, consistency,
        serialConsistency, requestTimeout, updateBucketSize, value,
        holeTimeout, messageBucketSpan, idempotencyWindow, conversationsScanLimit);
  }

  public CqlStoreOptions withMessageBucketSpan(Duration value) {
    return new CqlStoreOptions(keyspace, replication, keyspaceProperties, consistency,
        serialConsistency, requestTimeout, updateBucketSize, updateRetention,
        holeTimeout, value, idempotencyWindow, conversationsScanLimit);
  }

  public CqlStoreOptions withIdempotencyWindow(Duration value) {
    return new CqlStoreOptions(keyspace, replication, keyspaceProperties, consistency,
        serialConsistency, requestTimeout, updateBucketSize, updateRetention,
        holeTimeout, messageBucketSpan, value, conversationsScanLimit);
  }

  public CqlStoreOptions withConversationsScanLimit(int value) {
    return new CqlStoreOptions(keyspace, replication, keyspaceProperties, consistency,
        serialConsistency, requestTimeout, updateBucketSize, updateRetention,
        holeTimeout, messageBucketSpan, idempotencyWindow, value);
  }

  /** {@code updateRetention} in whole seconds, as CQL TTLs take it. */
  int updateTtlSeconds() {
    return (int) updateRetention.toSeconds();
  }

  /** {@code idempotencyWindow} in whole seconds, as CQL TTLs take it. */
  int idempotencyTtlSeconds() {
    return (int) idempotencyWindow.toSeconds();
  }

  private static boolean isPositive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static boolean isTtl(Duration d) {
    return d.toSeconds() >= 1 && d.compareTo(MAX_TTL) <= 0;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
