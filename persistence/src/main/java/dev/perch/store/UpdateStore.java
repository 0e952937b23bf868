package dev.perch.store;

import dev.perch.model.Message;
import dev.perch.model.Update;
import dev.perch.model.UpdateBody;
import dev.perch.model.UserId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Each user's ordered update stream, the source every poll reads from.
 *
 * <p>Ordering contract: {@link #append} gives each update of a user the next {@code seq}, so the
 * stream is dense (1, 2, 3, ...) and a successful append is visible to every later
 * {@link #readAfter}. {@link #readAfter} returns only updates that follow the cursor without a
 * hole, so a reader that advances its cursor to the last seq it received never skips an update
 * that is still being written. Thread-safe and non-blocking; publishers are lazy.
 */
public interface UpdateStore {

  /** Appends an update carrying {@code body} to {@code user}'s stream and returns it with its seq. */
  Mono<Update> append(UserId user, UpdateBody body);

  /**
   * Updates with a seq above {@code cursor}, ascending, at most {@code limit}. A cursor older than
   * the oldest retained update reads from the oldest retained one.
   */
  Flux<Update> readAfter(UserId user, long cursor, int limit);

  /**
   * The update of {@code user}'s stream that carries {@code message}, or empty when there is none.
   * Answers for messages with a {@code clientMsgId}, and for every group message, appended within
   * the idempotency window (the only ones a send or a group's relay can repeat); for others it may
   * answer empty. Lets a repeated send finish the
   * delivery of an earlier attempt without appending the message twice.
   */
  Mono<Update> find(UserId user, Message message);

  /** The highest seq appended for {@code user}, or 0 when the stream is empty. */
  Mono<Long> head(UserId user);
}
