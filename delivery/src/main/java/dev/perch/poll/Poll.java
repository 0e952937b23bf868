package dev.perch.poll;

import dev.perch.model.Update;
import java.util.List;

/** A poll's answer: the updates after the request's cursor and the cursor to poll with next. */
public record Poll(long cursor, List<Update> updates) {

  public Poll {
    updates = List.copyOf(updates);
  }

  static Poll of(List<Update> updates) {
    return new Poll(updates.get(updates.size() - 1).seq(), updates);
  }

  static Poll empty(long cursor) {
    return new Poll(cursor, List.of());
  }
}
