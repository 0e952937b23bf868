package dev.perch.api.group;

import dev.perch.api.http.Exchange;
import dev.perch.api.http.Reply;
import dev.perch.error.InvalidRequestException;
import dev.perch.group.GroupService;
import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.UserId;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/groups} (201 with the new group), {@code GET /v1/groups/{id}},
 * {@code POST /v1/groups/{id}/members} and {@code POST /v1/groups/{id}/leave} (200 with the group
 * after the change). A caller who is not a member gets 403 whether or not the group exists.
 */
public final class GroupHandler {

  private final GroupService groups;

  public GroupHandler(GroupService groups) {
    this.groups = groups;
  }

  public Mono<Reply> create(Exchange exchange) {
    return exchange.body(CreateGroupBody.class)
        .flatMap(body -> groups.create(exchange.caller(), body.name(), users(body.members()), exchange.loop()))
        .map(group -> new Reply(HttpResponseStatus.CREATED, "/v1/groups/" + group.id(), GroupView.of(group)));
  }

  public Mono<Reply> get(Exchange exchange) {
    return Mono.defer(() -> groups.find(exchange.caller(), id(exchange))).map(GroupHandler::ok);
  }

  public Mono<Reply> members(Exchange exchange) {
    return Mono.defer(() -> {
      ConversationId id = id(exchange);
      return exchange.body(MembersBody.class).flatMap(body -> {
        List<UserId> add = users(body.add());
        List<UserId> remove = users(body.remove());
        if (add.isEmpty() && remove.isEmpty()) {
          throw new InvalidRequestException("members_required", "Give add, remove or both: lists of user ids.");
        }
        return groups.change(exchange.caller(), id, add, remove, exchange.loop());
      });
    }).map(GroupHandler::ok);
  }

  public Mono<Reply> leave(Exchange exchange) {
    return Mono.defer(() -> groups.leave(exchange.caller(), id(exchange), exchange.loop())).map(GroupHandler::ok);
  }

  private static Reply ok(Group group) {
    return Reply.ok(GroupView.of(group));
  }

  private static ConversationId id(Exchange exchange) {
    return ConversationId.parseGroup(exchange.pathVariable("id"));
  }

  private static List<UserId> users(List<String> ids) {
    return ids == null ? List.of() : UserId.allOf(ids);
  }

  /** The body of {@code POST /v1/groups}. */
  record CreateGroupBody(String name, List<String> members) {}

  /** The body of {@code POST /v1/groups/{id}/members}. */
  record MembersBody(List<String> add, List<String> remove) {}
}
