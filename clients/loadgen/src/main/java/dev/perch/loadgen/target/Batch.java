package dev.perch.loadgen.target;

import java.util.List;

/**
 * What one long-poll answer carried, in the server's order.
 *
 * @param arrivedNanos {@link System#nanoTime()} when the whole answer had arrived
 * @param items the messages, oldest first; empty when the poll timed out
 */
public record Batch(long arrivedNanos, List<Received> items) {

  public Batch {
    items = List.copyOf(items);
  }
}
