package dev.perch.store.memory;

import dev.perch.model.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation's newest {@code capacity} messages in id order, in a ring that grows to
 * {@code capacity}. Ids nearly always arrive in order, so an add is a store at the newest end; one
 * that arrives late is shifted into place. All methods hold the log's monitor.
 */
final class ConversationLog {

  private static final int INITIAL_SLOTS = 8;

  private final int capacity;
  private Message[] slots;
  private int oldest;
  private int size;

  ConversationLog(int capacity) {
    this.capacity = capacity;
    this.slots = new Message[Math.min(capacity, INITIAL_SLOTS)];
  }

  /** Adds {@code message} (replacing one of the same id); when full, the oldest message goes. */
  synchronized void add(Message message) {
    int at = size;
    while (at > 0 && get(at - 1).id() > message.id()) {
      at--;
    }
    if (at > 0 && get(at - 1).id() == message.id()) {
      set(at - 1, message);
      return;
    }
    if (size == capacity) {
      if (at == 0) {
        return;
      }
      removeAt(0);
      at--;
    } else if (size == slots.length) {
      grow();
    }
    for (int i = size; i > at; i--) {
      set(i, get(i - 1));
    }
    set(at, message);
    size++;
  }

  /** Drops message {@code id}, for the global memory budget. */
  synchronized void remove(long id) {
    int at = firstAtLeast(id);
    if (at < size && get(at).id() == id) {
      removeAt(at);
    }
  }

  synchronized Message last() {
    return size == 0 ? null : get(size - 1);
  }

  /** Up to {@code limit} messages older than {@code beforeId}, newest first. */
  synchronized List<Message> before(long beforeId, int limit) {
    int end = firstAtLeast(beforeId);
    List<Message> page = new ArrayList<>(Math.min(limit, end));
    for (int i = end - 1; i >= 0 && page.size() < limit; i--) {
      page.add(get(i));
    }
    return page;
  }

  /** The position of the oldest message whose id is at least {@code id} ({@code size} if none). */
  private int firstAtLeast(long id) {
    int low = 0;
    int high = size;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (get(middle).id() < id) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private void removeAt(int at) {
    if (at == 0) {
      set(0, null);
      oldest = slot(1);
    } else {
      for (int i = at; i < size - 1; i++) {
        set(i, get(i + 1));
      }
      set(size - 1, null);
    }
    size--;
  }

  private void grow() {
    Message[] larger = new Message[Math.min(capacity, slots.length * 2)];
    for (int i = 0; i < size; i++) {
      larger[i] = get(i);
    }
    slots = larger;
    oldest = 0;
  }

  private Message get(int position) {
    return slots[slot(position)];
  }

  private void set(int position, Message message) {
    slots[slot(position)] = message;
  }

  private int slot(int position) {
    int slot = oldest + position;
    return slot >= slots.length ? slot - slots.length : slot;
  }
}
