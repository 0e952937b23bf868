package dev.perch.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.perch.api.cluster.NodesHandler;
import dev.perch.api.conversation.ConversationHandler;
import dev.perch.api.group.GroupHandler;
import dev.perch.api.http.RouteTable;
import dev.perch.api.message.MessageHandler;
import dev.perch.api.openapi.OpenApiHandler;
import dev.perch.api.poll.UpdateStreamHandler;
import dev.perch.api.poll.UpdatesHandler;
import dev.perch.api.presence.PresenceHandler;
import dev.perch.cluster.Membership;
import dev.perch.conversation.Conversations;
import dev.perch.conversation.ReadMarkers;
import dev.perch.group.GroupService;
import dev.perch.poll.PollService;
import dev.perch.presence.PresenceService;
import dev.perch.send.GroupSendService;
import dev.perch.send.SendLimit;
import dev.perch.send.SendRate;
import dev.perch.send.SendService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every {@code /v1} route, in the one table the HTTP layer answers from (docs/api.md explains them;
 * resources/openapi.json documents each, and a test holds the two to the same list).
 */
@Configuration(proxyBeanMethods = false)
class ApiRoutes {

  @Bean
  RouteTable routeTable(
      SendService sends, GroupSendService groupSends, SendRate rate, SendLimit limit, PollService polls,
      Conversations conversationService, ReadMarkers markers, GroupService groupService, MeterRegistry registry,
      Membership membership, PresenceService presenceService) {
    MessageHandler messageHandler = new MessageHandler(sends, groupSends, rate, limit, registry);
    UpdatesHandler updates = new UpdatesHandler(polls);
    UpdateStreamHandler stream = new UpdateStreamHandler(polls);
    ConversationHandler conversations = new ConversationHandler(conversationService, markers);
    GroupHandler groups = new GroupHandler(groupService);
    NodesHandler nodes = new NodesHandler(membership);
    PresenceHandler presence = new PresenceHandler(presenceService);
    return RouteTable.builder()
        .route(POST, "/v1/messages", messageHandler::send)
        .route(GET, "/v1/updates", updates::poll)
        .route(GET, "/v1/updates/stream", stream::stream)
        .route(GET, "/v1/conversations", conversations::list)
        .route(GET, "/v1/conversations/{id}/messages", conversations::history)
        .route(POST, "/v1/conversations/{id}/read", conversations::read)
        .route(POST, "/v1/groups", groups::create)
        .route(GET, "/v1/groups/{id}", groups::get)
        .route(POST, "/v1/groups/{id}/members", groups::members)
        .route(POST, "/v1/groups/{id}/leave", groups::leave)
        .route(GET, "/v1/nodes", nodes::nodes)
        .route(GET, "/v1/presence", presence::presence)
        .publicRoute(GET, "/v1/openapi.json", new OpenApiHandler()::document)
        .build();
  }
}
