package dev.perch.api.conversation;

import dev.perch.api.conversation.ConversationViews.ConversationList;
import dev.perch.api.conversation.ConversationViews.ConversationView;
import dev.perch.api.conversation.ConversationViews.HistoryPage;
import dev.perch.api.http.Exchange;
import dev.perch.api.http.QueryString;
import dev.perch.api.http.ReadView;
import dev.perch.api.http.Reply;
import dev.perch.conversation.Conversations;
import dev.perch.conversation.ReadMarkers;
import dev.perch.error.InvalidRequestException;
import dev.perch.model.ConversationId;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/conversations}, {@code GET /v1/conversations/{id}/messages} and
 * {@code POST /v1/conversations/{id}/read}, for 1-1 conversations and groups alike. A caller sees
 * only conversations it is a member of: another's id answers 403 whether or not it exists.
 */
public final class ConversationHandler {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final Conversations conversations;
  private final ReadMarkers markers;

  public ConversationHandler(Conversations conversations, ReadMarkers markers) {
    this.conversations = conversations;
    this.markers = markers;
  }

  public Mono<Reply> list(Exchange exchange) {
    int limit = limit(exchange);
    return conversations.list(exchange.caller(), limit).map(ConversationView::of).collectList()
        .map(list -> Reply.ok(new ConversationList(list)));
  }

  public Mono<Reply> history(Exchange exchange) {
    ConversationId id = ConversationId.parse(exchange.pathVariable("id"));
    int limit = limit(exchange);
    long before = exchange.query().number("before", Long.MAX_VALUE, 0, Long.MAX_VALUE, "invalid_before");
    return conversations.history(exchange.caller(), id, before, limit).collectList()
        .map(page -> Reply.ok(HistoryPage.of(page, limit)));
  }

  public Mono<Reply> read(Exchange exchange) {
    ConversationId id = ConversationId.parse(exchange.pathVariable("id"));
    return exchange.body(ReadBody.class)
        .flatMap(body -> markers.markRead(exchange.caller(), id, messageId(body.upTo()), exchange.loop()))
        .map(marker -> Reply.ok(ReadView.of(marker)));
  }

  private static long messageId(String upTo) {
    long id = upTo == null ? -1 : QueryString.asciiNumber(upTo);
    if (id < 1) {
      throw new InvalidRequestException("invalid_up_to", "upTo is a message id: a whole number above 0, as a string.");
    }
    return id;
  }

  private static int limit(Exchange exchange) {
    return (int) exchange.query().number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT, "invalid_limit");
  }

  /** The body of {@code POST /v1/conversations/{id}/read}. */
  record ReadBody(String upTo) {}
}
