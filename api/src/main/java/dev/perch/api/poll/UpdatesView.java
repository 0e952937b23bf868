package dev.perch.api.poll;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.perch.api.http.MessageView;
import dev.perch.api.http.ReadView;
import dev.perch.model.MemberChange;
import dev.perch.model.Message;
import dev.perch.model.ReadMarker;
import dev.perch.model.Update;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;
import dev.perch.poll.Poll;
import java.util.List;
import java.util.Set;

/**
 * A poll's answer on the wire: the cursor to send next time (a string) and the updates, each with
 * the one field its type names: {@code message}, {@code read} or {@code member}.
 */
record UpdatesView(String cursor, List<UpdateView> updates) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record UpdateView(long seq, String type, MessageView message, ReadView read, MemberView member) {

    static UpdateView of(Update update) {
      String type = update.type().wireName();
      if (update.body() instanceof Message message) {
        return new UpdateView(update.seq(), type, MessageView.of(message), null, null);
      }
      if (update.body() instanceof ReadMarker read) {
        return new UpdateView(update.seq(), type, null, ReadView.of(read), null);
      }
      return new UpdateView(update.seq(), type, null, null, MemberView.of((MemberChange) update.body()));
    }
  }

  /** {@code by} added and removed members of group {@code groupId} (a member who left removed themselves). */
  record MemberView(String groupId, String by, List<String> added, List<String> removed) {

    static MemberView of(MemberChange change) {
      return new MemberView(change.group().value(), change.by().value(), UserId.valuesOf(change.added()),
          UserId.valuesOf(change.removed()));
    }

  }

  /** The poll's answer with only the updates of {@code types}; the cursor still covers the others. */
  static UpdatesView of(Poll poll, Set<UpdateType> types) {
    return new UpdatesView(Long.toString(poll.cursor()),
        poll.updates().stream().filter(update -> types.contains(update.type())).map(UpdateView::of).toList());
  }
}
