package dev.perch.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one {@code updates()} subscription is in the caller's stream: the cursor to poll with next,
 * and the seq of the last update emitted. It lets through only updates past both, so an answer a
 * retry repeats, or one from a node that is behind, never emits an update twice or out of order.
 * Used by one subscription at a time, one answer after the other (Reactor's sequential signals).
 */
final class StreamPosition {

  private Long cursor;

  /** @param cursor where to start; {@code null}: at the head, with what comes from now on */
  StreamPosition(Long cursor) {
    this.cursor = cursor;
  }

  /** The cursor for the next poll; {@code null} until the first answer when started at the head. */
  Long cursor() {
    return cursor;
  }

  /** Takes an answer in: moves the cursor (never back) and returns the updates to emit, in order. */
  List<Update> advance(UpdateBatch batch) {
    long floor = cursor == null ? Long.MIN_VALUE : cursor;
    List<Update> fresh = new ArrayList<>(batch.updates().size());
    for (Update update : batch.updates()) {
      if (update.seq() > floor) {
        fresh.add(update);
        floor = update.seq();
      }
    }
    cursor = Math.max(floor, batch.cursor());
    return fresh;
  }
}
