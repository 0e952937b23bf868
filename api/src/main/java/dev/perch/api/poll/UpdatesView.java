package dev.perch.api.poll;

import dev.perch.api.http.MessageView;
import dev.perch.model.Update;
import dev.perch.poll.Poll;
import java.util.List;

/** A poll's answer on the wire: the cursor to send next time (a string) and the updates. */
record UpdatesView(String cursor, List<UpdateView> updates) {

  record UpdateView(long seq, String type, MessageView message) {

    static UpdateView of(Update update) {
      return new UpdateView(update.seq(), update.type().wireName(), MessageView.of(update.message()));
    }
  }

  static UpdatesView of(Poll poll) {
    return new UpdatesView(Long.toString(poll.cursor()), poll.updates().stream().map(UpdateView::of).toList());
  }
}
