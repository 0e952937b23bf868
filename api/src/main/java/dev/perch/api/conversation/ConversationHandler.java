package dev.perch.api.conversation;

import dev.perch.api.conversation.ConversationViews.ConversationList;
import dev.perch.api.conversation.ConversationViews.ConversationView;
import dev.perch.api.conversation.ConversationViews.HistoryPage;
import dev.perch.api.http.Caller;
import dev.perch.api.http.QueryParams;
import dev.perch.error.ForbiddenException;
import dev.perch.error.NotFoundException;
import dev.perch.model.ConversationId;
import dev.perch.model.UserId;
import dev.perch.store.MessageStore;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/conversations} and {@code GET /v1/conversations/{id}/messages}. A caller sees only
 * conversations it is a member of: another pair's id answers 403 whether or not it exists.
 */
final class ConversationHandler {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final MessageStore messages;

  ConversationHandler(MessageStore messages) {
    this.messages = messages;
  }

  Mono<ServerResponse> list(ServerRequest request) {
    return Mono.defer(() -> {
      int limit = limit(request);
      return Caller.of(request)
          .flatMap(user -> messages.conversations(user, limit).map(ConversationView::of).collectList())
          .flatMap(list -> json(new ConversationList(list)));
    });
  }

  Mono<ServerResponse> history(ServerRequest request) {
    return Mono.defer(() -> {
      ConversationId id = ConversationId.parse(request.pathVariable("id"));
      int limit = limit(request);
      long before = QueryParams.number(request, "before", Long.MAX_VALUE, 0, Long.MAX_VALUE, "invalid_before");
      return Caller.of(request)
          .flatMap(user -> member(user, id))
          .flatMap(user -> messages.conversation(user, id)
              .switchIfEmpty(Mono.error(() -> new NotFoundException(
                  "unknown_conversation", "No conversation " + id + " yet: it starts with its first message."))))
          .flatMap(conversation -> messages.history(id, before, limit).collectList())
          .flatMap(page -> json(HistoryPage.of(page, limit)));
    });
  }

  private static Mono<UserId> member(UserId user, ConversationId id) {
    return id.hasMember(user)
        ? Mono.just(user)
        : Mono.error(new ForbiddenException("forbidden", "You are not a member of conversation " + id + "."));
  }

  private static int limit(ServerRequest request) {
    return (int) QueryParams.number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, "invalid_limit");
  }

  private static Mono<ServerResponse> json(Object body) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
