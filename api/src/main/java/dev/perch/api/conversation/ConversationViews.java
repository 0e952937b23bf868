package dev.perch.api.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.perch.api.http.MessageView;
import dev.perch.conversation.Conversations.Summary;
import dev.perch.model.Message;
import java.util.List;

/** Conversation lists and history pages on the wire. */
final class ConversationViews {

  private ConversationViews() {}

  /**
   * One conversation of the caller's list: 1-1 with {@code peer} and {@code peerReadUpTo}, a group
   * with {@code name}. Markers are message ids, null when not set; {@code unread} counts messages
   * from others after the caller's marker, {@code unreadCapped} says there may be more.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ConversationView(
      String id, String peer, String name, MessageView lastMessage, String readUpTo, String peerReadUpTo,
      int unread, Boolean unreadCapped) {

    static ConversationView of(Summary summary) {
      boolean group = summary.group() != null;
      return new ConversationView(
          summary.id().value(),
          group ? null : summary.peer().value(),
          group ? summary.group().name() : null,
          summary.lastMessage() == null ? null : MessageView.of(summary.lastMessage()),
          marker(summary.readUpTo()),
          group ? null : marker(summary.peerReadUpTo()),
          summary.unread(),
          summary.unreadCapped() ? Boolean.TRUE : null);
    }

    private static String marker(long id) {
      return id == 0 ? null : Long.toString(id);
    }
  }

  record ConversationList(List<ConversationView> conversations) {}

  /**
   * One page of history, newest first. {@code next} is the {@code before} value for the next
   * (older) page, or null when this page is the last.
   */
  record HistoryPage(List<MessageView> messages, String next) {

    static HistoryPage of(List<Message> page, int limit) {
      String next = page.size() == limit ? Long.toString(page.get(page.size() - 1).id()) : null;
      return new HistoryPage(page.stream().map(MessageView::of).toList(), next);
    }
  }
}
