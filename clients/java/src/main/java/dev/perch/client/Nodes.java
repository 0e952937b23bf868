package dev.perch.client;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nodes a client talks to, one at a time: every call goes to the current one, and a failure that
 * another node may not have (see {@link RetryPolicy#movesNode}) moves everyone on to the next, in a
 * ring. Thread-safe: concurrent failures of one node move on once.
 */
final class Nodes {

  private final List<String> bases;
  private final AtomicInteger current = new AtomicInteger();

  /** @param bases base URLs without a trailing slash, at least one */
  Nodes(List<String> bases) {
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("at least one base URL");
    }
    this.bases = List.copyOf(bases);
  }

  String current() {
    return bases.get(current.get());
  }

  /** Moves on from {@code base}, unless another failure already did. */
  void failed(String base) {
    int index = current.get();
    if (bases.get(index).equals(base)) {
      current.compareAndSet(index, (index + 1) % bases.size());
    }
  }
}
