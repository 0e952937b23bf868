package dev.perch.store.memory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One bound on what the embedded stores keep in all, across every stream and conversation: each
 * retained update and message is charged an estimate of its heap size, and once the sum passes the
 * budget the oldest retained entries, whichever stream or conversation holds them, are dropped
 * until it fits again. A dropped update reads as dropped by per-user retention does: a cursor older
 * than a stream's oldest retained update reads from that one. Thread-safe; charging never holds a
 * stream's lock, so evicting from another stream cannot deadlock.
 */
public final class MemoryBudget {

  /**
   * Roughly what one stream slot, its update and its queue entry take beyond the message. With
   * {@link #MESSAGE_BYTES}, measured: a full store of 1-1 messages with short texts and clientMsgIds
   * held 1.27 GiB of live heap where the charges came to 512 MiB, about 1.5 KiB a message with its
   * two updates; these constants charge that much.
   */
  static final long UPDATE_BYTES = 160;
  /** Roughly what a message takes beyond its text: its record, ids, history entry, idempotency key and queue entry. */
  static final long MESSAGE_BYTES = 1_200;

  private final long budgetBytes;
  private final AtomicLong usedBytes = new AtomicLong();
  private final ConcurrentLinkedQueue<Retained> oldestFirst = new ConcurrentLinkedQueue<>();

  public MemoryBudget(long budgetBytes) {
    if (budgetBytes < 1) {
      throw new IllegalArgumentException("the memory budget must be positive");
    }
    this.budgetBytes = budgetBytes;
  }

  /** Something a store keeps that the budget may drop: its charge, and how to drop it. */
  interface Retained {
    long bytes();

    /** Drops it from its store; a no-op when the store already dropped it on its own. */
    void evict();
  }

  /** Charges a newly retained entry, then drops the oldest entries while over the budget. */
  void charge(Retained retained) {
    oldestFirst.add(retained);
    long used = usedBytes.addAndGet(retained.bytes());
    while (used > budgetBytes) {
      Retained oldest = oldestFirst.poll();
      if (oldest == null) {
        return;
      }
      oldest.evict();
      used = usedBytes.addAndGet(-oldest.bytes());
    }
  }

  /** The estimated bytes retained now. */
  public long usedBytes() {
    return usedBytes.get();
  }

  /** How many entries are retained now. */
  int entries() {
    return oldestFirst.size();
  }

  static long messageBytes(String text) {
    return MESSAGE_BYTES + 2L * text.length();
  }
}
