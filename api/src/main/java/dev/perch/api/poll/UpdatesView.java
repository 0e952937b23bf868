package dev.perch.api.poll;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.perch.api.http.MessageView;
import dev.perch.api.http.ReadView;
import dev.perch.api.http.WireTime;
import dev.perch.model.MemberChange;
import dev.perch.model.Message;
import dev.perch.model.PresenceChange;
import dev.perch.model.ReadMarker;
import dev.perch.model.Update;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;
import dev.perch.poll.Poll;
import java.util.List;
import java.util.Set;

/**
 * A poll's answer on the wire: the cursor to send next time (a string) and the updates, each with
 * the one field its type names: {@code message}, {@code read}, {@code member} or {@code presence}.
 */
record UpdatesView(String cursor, List<UpdateView> updates) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record UpdateView(
      long seq, String type, MessageView message, ReadView read, MemberView member, PresenceView presence) {

    static UpdateView of(Update update) {
      long seq = update.seq();
      String type = update.type().wireName();
      if (update.body() instanceof Message message) {
        return new UpdateView(seq, type, MessageView.of(message), null, null, null);
      }
      if (update.body() instanceof ReadMarker read) {
        return new UpdateView(seq, type, null, ReadView.of(read), null, null);
      }
      if (update.body() instanceof MemberChange change) {
        return new UpdateView(seq, type, null, null, MemberView.of(change), null);
      }
      return new UpdateView(seq, type, null, null, null, PresenceView.of((PresenceChange) update.body()));
    }
  }

  /** {@code by} added and removed members of group {@code groupId} (a member who left removed themselves). */
  record MemberView(String groupId, String by, List<String> added, List<String> removed) {

    static MemberView of(MemberChange change) {
      return new MemberView(change.group().value(), change.by().value(), UserId.valuesOf(change.added()),
          UserId.valuesOf(change.removed()));
    }

  }

  /** A 1-1 peer, {@code user}, came {@code online} or went {@code offline}; last seen at {@code lastSeen}. */
  record PresenceView(String user, String state, String lastSeen) {

    static PresenceView of(PresenceChange change) {
      return new PresenceView(change.user().value(), change.online() ? "online" : "offline",
          WireTime.format(change.lastSeen()));
    }
  }

  /** The poll's answer with only the updates of {@code types}; the cursor still covers the others. */
  static UpdatesView of(Poll poll, Set<UpdateType> types) {
    return new UpdatesView(Long.toString(poll.cursor()),
        poll.updates().stream().filter(update -> types.contains(update.type())).map(UpdateView::of).toList());
  }
}
