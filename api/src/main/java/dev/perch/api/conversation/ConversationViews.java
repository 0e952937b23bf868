package dev.perch.api.conversation;

import dev.perch.api.http.MessageView;
import dev.perch.model.Conversation;
import dev.perch.model.Message;
import java.util.List;

/** Conversation lists and history pages on the wire. */
final class ConversationViews {

  private ConversationViews() {}

  record ConversationView(String id, String peer, MessageView lastMessage) {

    static ConversationView of(Conversation conversation) {
      return new ConversationView(conversation.id().value(), conversation.peer().value(),
          MessageView.of(conversation.lastMessage()));
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
