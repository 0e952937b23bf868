package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UpdateBody;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;
import dev.perch.store.SequenceAllocator;
import dev.perch.store.UpdateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Update streams in CQL. Thread-safe and non-blocking; every publisher is lazy.
 *
 * <h2>Layout</h2>
 * A user's update {@code seq} lives in {@code updates ((user_id, bucket), seq)} with
 * {@code bucket = seq / updateBucketSize}, expiring after {@code updateRetention};
 * {@code update_buckets} lists the buckets that still hold rows (each node writes a bucket's entry
 * with its first row there, and again every half hour, {@link IndexWrites}; the entry expires an
 * hour after the rows), and {@code update_heads} holds the highest seq appended ({@link CqlUpdateHeads}).
 *
 * <h2>Ordering: why a reader never skips an update that is still being written</h2>
 * CQL cannot allocate a seq and store its row in one atomic step, so {@link #append} takes the seq
 * from a {@link SequenceAllocator} (strictly increasing per user, never repeating), writes the row,
 * then raises the head. Appends run concurrently, so row 6 may be visible before row 5, and a
 * reader that returned 6 would advance its cursor past 5 for good. {@link #readAfter} therefore
 * reads the head, then the rows from the cursor up to the head, and returns only the contiguous run
 * after the cursor (the decision is {@link ContiguousRun}). A missing seq (a hole) ends the run,
 * unless:
 * <ul>
 *   <li>the row after the hole was written more than {@code holeTimeout} before the read began.
 *       The hole's seq was allocated before that row's seq, hence before that row was written;
 *       and every append starts its row write within {@code holeTimeout / 2} of asking for its seq
 *       (or gives up, see below), and a write takes at most {@code requestTimeout}, which the
 *       options keep under {@code holeTimeout / 2}. So by then the hole's row is written or never
 *       will be. The rest of the margin, {@code holeTimeout / 2 - requestTimeout}, absorbs clock
 *       skew between nodes (rows are stamped, {@code written_at}, with the writer's clock and
 *       compared with the reader's) and a pause of the writer between its check and the request
 *       leaving the node;</li>
 *   <li>the seq holds a skip marker: an append that fails before its row insert is sent (its seq
 *       arrived too late, or the index write failed) writes one, best-effort, before it fails; a
 *       failure after the insert was sent leaves the seq alone, because the row may have been
 *       applied and read already, and a marker would retract a delivered update. Readers pass
 *       markers at once and never return them.</li>
 * </ul>
 * Reads never go past the head, so a row whose head raise failed is returned once a later append
 * raises the head, and a lower seq landing late never lowers the head.
 * Expired rows look like a hole whose next row is old, so a cursor older than the retention reads
 * from the oldest retained row; {@code update_buckets} lets it start there without probing empty
 * partitions. A failed append was not acknowledged: its update is either never returned or, when
 * its row was applied after all, returned like any other; a repeated send finds it there
 * ({@link #find}) and does not append it again.
 *
 * <p>Bounds: a read looks at most {@value #MAX_BUCKETS_PER_READ} buckets and fetches rows a page at
 * a time, only as far as it needs for {@code limit} updates.
 */
public final class CqlUpdateStore implements UpdateStore {

  /** How many partitions one read visits at most; the next read continues from its cursor. */
  static final int MAX_BUCKETS_PER_READ = 16;
  /** Bucket index entries outlive the rows they point to by this much. */
  private static final Duration INDEX_GRACE = Duration.ofHours(1);
  /** (user, bucket) index rows a node remembers having written. */
  private static final int INDEX_MEMORY = 100_000;
  /** Rows fetched per page beyond the limit, for skip markers a read passes over. */
  private static final int PAGE_SLACK = 16;
  private static final int MAX_PAGE = 5_000;
  private static final String READ_COLUMNS = "seq, type, message, read, member, presence, written_at, skipped";
  private static final Logger log = LoggerFactory.getLogger(CqlUpdateStore.class);

  private final CqlStoreOptions options;
  private final SequenceAllocator sequence;
  private final Clock clock;
  private final CqlUpdateHeads heads;
  private final CqlStatement insertRow;
  private final CqlStatement insertMarker;
  private final CqlStatement indexBucket;
  private final IndexWrites bucketIndex;
  private final CqlStatement buckets;
  private final CqlStatement rows;
  private final CqlStatement indexMessage;
  private final CqlStatement messageSeq;
  private final CqlStatement row;

  public CqlUpdateStore(CqlSession session, CqlStoreOptions options, SequenceAllocator sequence) {
    this(session, options, sequence, Clock.systemUTC());
  }

  /** @param clock stamps rows and times holes; its skew across nodes must stay well under the hole timeout */
  public CqlUpdateStore(CqlSession session, CqlStoreOptions options, SequenceAllocator sequence, Clock clock) {
    this.options = options;
    this.sequence = sequence;
    this.clock = clock;
    this.heads = new CqlUpdateHeads(session, options);
    String updates = options.keyspace() + ".updates";
    String index = options.keyspace() + ".update_buckets";
    this.insertRow = CqlStatement.of(session, options, "INSERT INTO " + updates
        + " (user_id, bucket, seq, type, message, read, member, presence, written_at, skipped)"
        + " VALUES (:user_id, :bucket, :seq, :type, :message, :read, :member, :presence, :written_at, false)"
        + " USING TTL :ttl", true);
    this.insertMarker = CqlStatement.of(session, options, "INSERT INTO " + updates
        + " (user_id, bucket, seq, type, message, read, member, written_at, skipped)"
        + " VALUES (?, ?, ?, null, null, null, null, ?, true) USING TTL ?", true);
    this.indexBucket = CqlStatement.of(session, options,
        "INSERT INTO " + index + " (user_id, bucket) VALUES (?, ?) USING TTL ?", true);
    this.bucketIndex = new IndexWrites(clock, INDEX_GRACE.dividedBy(2), INDEX_MEMORY);
    this.buckets = CqlStatement.of(session, options,
        "SELECT bucket FROM " + index + " WHERE user_id = ? AND bucket >= ? AND bucket <= ? LIMIT ?", true);
    this.rows = CqlStatement.of(session, options, "SELECT " + READ_COLUMNS + " FROM " + updates
        + " WHERE user_id = ? AND bucket = ? AND seq > ? AND seq <= ? LIMIT ?", true);
    String messageIndex = options.keyspace() + ".update_index";
    this.indexMessage = CqlStatement.of(session, options,
        "INSERT INTO " + messageIndex + " (user_id, message_id, seq) VALUES (?, ?, ?)", true);
    this.messageSeq = CqlStatement.of(session, options,
        "SELECT seq FROM " + messageIndex + " WHERE user_id = ? AND message_id = ?", true);
    this.row = CqlStatement.of(session, options, "SELECT " + READ_COLUMNS + " FROM " + updates
        + " WHERE user_id = ? AND bucket = ? AND seq = ?", true);
  }

  @Override
  public Mono<Update> append(UserId user, UpdateBody body) {
    return Mono.defer(() -> {
      Instant requested = clock.instant();
      return sequence.next(user).flatMap(seq -> write(new Update(user, seq, body), requested));
    }).onErrorMap(StoreErrors::translate);
  }

  @Override
  public Flux<Update> readAfter(UserId user, long cursor, int limit) {
    if (limit < 1) {
      return Flux.empty();
    }
    long after = Math.max(0, cursor);
    return heads.read(user)
        .flatMapMany(head -> after >= head ? Flux.<Update>empty() : run(user, after, head, limit))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Update> find(UserId user, Message message) {
    return messageSeq.one(p -> p.bind(user.value(), message.id()))
        .map(index -> index.getLong(0))
        .flatMap(seq -> row.one(p -> p.bind(user.value(), bucketOf(seq), seq)))
        .filter(found -> !found.getBoolean("skipped"))
        .map(found -> toUpdate(user, found))
        .filter(update -> update.carries(message.id()))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Long> head(UserId user) {
    return heads.read(user);
  }

  /** Overwrites {@code seq} with a skip marker, so readers pass it at once. */
  Mono<Void> markSkipped(UserId user, long seq) {
    return insertMarker.run(p -> p.bind(user.value(), bucketOf(seq), seq, clock.instant(), options.updateTtlSeconds()));
  }

  private Mono<Update> write(Update update, Instant requested) {
    UserId user = update.user();
    long seq = update.seq();
    return Mono.defer(() -> {
          Instant now = clock.instant();
          if (Duration.between(requested, now).compareTo(options.holeTimeout().dividedBy(2)) > 0) {
            // Readers may pass this seq once its successor is holeTimeout old; starting this late,
            // the row could land after they did.
            return markSkippedQuietly(user, seq).then(Mono.error(StoreErrors.unavailable(
                new TimeoutException("seq " + seq + " of " + user + " arrived too late to be written"))));
          }
          // Until the row insert is sent, nothing of this seq can be read, so a failure so far may
          // close the seq with a marker at once. After it, the row may have been applied although
          // the insert failed, and a reader may already have returned it: a marker would then
          // retract a delivered update. Such a seq is left to the hole timeout instead.
          return indexed(update)
              .onErrorResume(error -> markSkippedQuietly(user, seq).then(Mono.error(error)))
              .then(Mono.when(
                  insertRow.run(p -> UpdateBodies.bind(p, update.body())
                      .setString("user_id", user.value())
                      .setLong("bucket", bucketOf(seq))
                      .setLong("seq", seq)
                      .setString("type", update.type().name())
                      .setInstant("written_at", now)
                      .setInt("ttl", options.updateTtlSeconds())
                      .build()),
                  bucketIndex.once(user.value(), bucketOf(seq),
                      () -> indexBucket.run(p -> p.bind(user.value(), bucketOf(seq), indexTtlSeconds())))));
        })
        .then(heads.raise(user, seq))
        .thenReturn(update);
  }

  private Mono<Void> markSkippedQuietly(UserId user, long seq) {
    return markSkipped(user, seq).onErrorResume(markerError -> {
      log.warn("skip marker for {} seq {} not written; readers wait out the hole timeout: {}",
          user, seq, markerError.toString());
      return Mono.empty();
    });
  }

  /**
   * Records which seq carries a repeatable message (one with a clientMsgId, or a group's, which its
   * relay may append again) before its row is written: a row without its index entry would let a
   * repeat append the message twice.
   */
  private Mono<Void> indexed(Update update) {
    return update.body() instanceof Message message && (message.clientMsgId() != null || message.conversationId().isGroup())
        ? indexMessage.run(p -> p.bind(update.user().value(), message.id(), update.seq()))
        : Mono.empty();
  }

  private Flux<Update> run(UserId user, long cursor, long head, int limit) {
    return Flux.defer(() -> {
      ContiguousRun run = new ContiguousRun(cursor, clock.instant(), options.holeTimeout());
      int pageSize = (int) Math.min((long) limit + PAGE_SLACK, MAX_PAGE);
      long first = bucketOf(cursor + 1);
      long last = bucketOf(head);
      // A reader close to the head, the usual poll, needs one bucket and no index lookup.
      Flux<Long> toRead = first == last
          ? Flux.just(first)
          : buckets.rows(p -> p.bind(user.value(), first, last, MAX_BUCKETS_PER_READ)).map(row -> row.getLong(0));
      return toRead
          .concatMap(bucket -> rows.rows(p -> p.bind(user.value(), bucket, cursor, head, rowLimit())
              .setPageSize(pageSize)))
          .<Update>handle((row, sink) -> {
            switch (run.next(row.getLong("seq"), row.getInstant("written_at"), row.getBoolean("skipped"))) {
              case EMIT -> sink.next(toUpdate(user, row));
              case SKIP -> { }
              case STOP -> sink.complete();
            }
          })
          .take(limit);
    });
  }

  private static Update toUpdate(UserId user, Row row) {
    return new Update(user, row.getLong("seq"), UpdateBodies.read(UpdateType.valueOf(row.getString("type")), row));
  }

  private long bucketOf(long seq) {
    return Buckets.ofSeq(seq, options.updateBucketSize());
  }

  /** A bucket holds at most updateBucketSize rows; the LIMIT states that bound in the query. */
  private int rowLimit() {
    return (int) Math.min(options.updateBucketSize(), Integer.MAX_VALUE);
  }

  private int indexTtlSeconds() {
    return (int) Math.min(options.updateRetention().plus(INDEX_GRACE).toSeconds(), CqlStoreOptions.MAX_TTL.toSeconds());
  }
}
