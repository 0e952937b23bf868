package dev.perch.client;

import java.util.List;

/**
 * One answer of {@code GET /v1/updates}.
 *
 * @param cursor the cursor to poll with next: the seq of the last update looked at, or the cursor
 *     asked with when there was none (from the head: the head itself)
 * @param updates in ascending seq
 */
public record UpdateBatch(long cursor, List<Update> updates) {

  public UpdateBatch {
    updates = List.copyOf(updates);
  }
}
