package dev.perch.api.conversation;

import dev.perch.api.conversation.ConversationViews.ConversationList;
import dev.perch.api.conversation.ConversationViews.ConversationView;
import dev.perch.api.conversation.ConversationViews.HistoryPage;
import dev.perch.api.http.Exchange;
import dev.perch.api.http.Reply;
import dev.perch.error.ForbiddenException;
import dev.perch.error.NotFoundException;
import dev.perch.model.ConversationId;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/conversations} and {@code GET /v1/conversations/{id}/messages}. A caller sees only
 * conversations it is a member of: another pair's id answers 403 whether or not it exists.
 */
public final class ConversationHandler {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final MessageStore messages;

  public ConversationHandler(MessageStore messages) {
    this.messages = messages;
  }

  public Mono<Reply> list(Exchange exchange) {
    int limit = limit(exchange);
    return messages.conversations(exchange.caller(), limit).map(ConversationView::of).collectList()
        .map(list -> Reply.ok(new ConversationList(list)));
  }

  public Mono<Reply> history(Exchange exchange) {
    ConversationId id = ConversationId.parse(exchange.pathVariable("id"));
    int limit = limit(exchange);
    long before = exchange.query().number("before", Long.MAX_VALUE, 0, Long.MAX_VALUE, "invalid_before");
    UserId user = exchange.caller();
    if (!id.hasMember(user)) {
      return Mono.error(new ForbiddenException("forbidden", "You are not a member of conversation " + id + "."));
    }
    return messages.conversation(user, id)
        .switchIfEmpty(Mono.error(() -> new NotFoundException(
            "unknown_conversation", "No conversation " + id + " yet: it starts with its first message.")))
        .flatMap(conversation -> messages.history(id, before, limit).collectList())
        .map(page -> Reply.ok(HistoryPage.of(page, limit)));
  }

  private static int limit(Exchange exchange) {
    return (int) exchange.query().number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT, "invalid_limit");
  }
}
