package dev.perch.store.memory;

import dev.perch.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One conversation's newest {@code capacity} messages by id. All methods hold the log's monitor. */
final class ConversationLog {

  private final int capacity;
  private final NavigableMap<Long, Message> byId = new TreeMap<>();

  ConversationLog(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(Message message) {
    byId.put(message.id(), message);
    if (byId.size() > capacity) {
      byId.pollFirstEntry();
    }
  }

  /** Drops message {@code id}, for the global memory budget. */
  synchronized void remove(long id) {
    byId.remove(id);
  }

  synchronized Message last() {
    return byId.isEmpty() ? null : byId.lastEntry().getValue();
  }

  synchronized List<Message> before(long beforeId, int limit) {
    List<Message> page = new ArrayList<>(Math.min(limit, byId.size()));
    for (Message message : byId.headMap(beforeId, false).descendingMap().values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(message);
    }
    return page;
  }
}
