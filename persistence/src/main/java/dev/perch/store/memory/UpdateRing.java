package dev.perch.store.memory;

import dev.perch.model.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * One user's newest updates in a circular array that grows by doubling up to {@code capacity}, so
 * a quiet user costs a few slots, not the whole retention. Update {@code seq} lives at
 * {@code (seq - 1) % slots.length}. All methods hold the ring's monitor; each is O(1) or O(limit).
 */
final class UpdateRing {

  private static final int INITIAL_SLOTS = 8;

  private final int capacity;
  private Update[] slots;
  private long head;
  /** The oldest seq still retained when the memory budget dropped older ones, else 1. */
  private long floor = 1;

  UpdateRing(int capacity) {
    this.capacity = capacity;
    this.slots = new Update[Math.min(INITIAL_SLOTS, capacity)];
  }

  synchronized Update append(LongFunction<Update> withSeq) {
    if (head >= slots.length && slots.length < capacity) {
      grow();
    }
    Update update = withSeq.apply(head + 1);
    head++;
    slots[index(head)] = update;
    return update;
  }

  synchronized List<Update> after(long cursor, int limit) {
    long from = Math.max(cursor + 1, oldest());
    long to = Math.min(head, from + limit - 1);
    List<Update> result = new ArrayList<>((int) Math.max(0, to - from + 1));
    for (long seq = from; seq <= to; seq++) {
      result.add(slots[index(seq)]);
    }
    return result;
  }

  /**
   * The retained update carrying message {@code messageId}, newest first, or null. O(retained):
   * only a repeated send asks, and it asks about a recent message.
   */
  synchronized Update find(long messageId) {
    for (long seq = head; seq >= oldest(); seq--) {
      Update update = slots[index(seq)];
      if (update.carries(messageId)) {
        return update;
      }
    }
    return null;
  }

  synchronized long head() {
    return head;
  }

  /** Drops every update up to {@code seq}, for the global memory budget. */
  synchronized void dropThrough(long seq) {
    for (long dropped = oldest(); dropped <= Math.min(seq, head); dropped++) {
      slots[index(dropped)] = null;
    }
    floor = Math.max(floor, seq + 1);
  }

  private long oldest() {
    return Math.max(floor, head - slots.length + 1);
  }

  /** Re-lays the ring out into a larger array; only called while every slot is in use. */
  private void grow() {
    Update[] larger = new Update[(int) Math.min((long) slots.length * 2, capacity)];
    for (long seq = Math.max(1, head - slots.length + 1); seq <= head; seq++) {
      larger[(int) ((seq - 1) % larger.length)] = slots[index(seq)];
    }
    slots = larger;
  }

  private int index(long seq) {
    return (int) ((seq - 1) % slots.length);
  }

}
