package dev.perch.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.perch.api.conversation.ConversationHandler;
import dev.perch.api.http.RouteTable;
import dev.perch.api.message.MessageHandler;
import dev.perch.api.poll.UpdatesHandler;
import dev.perch.poll.PollService;
import dev.perch.send.SendLimit;
import dev.perch.send.SendRate;
import dev.perch.send.SendService;
import dev.perch.store.MessageStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every {@code /v1} route, in the one table the HTTP layer answers from (docs/api.md lists them). */
@Configuration(proxyBeanMethods = false)
class ApiRoutes {

  @Bean
  RouteTable routeTable(
      SendService sends, SendRate rate, SendLimit limit, PollService polls, MessageStore messages) {
    MessageHandler messageHandler = new MessageHandler(sends, rate, limit);
    UpdatesHandler updates = new UpdatesHandler(polls);
    ConversationHandler conversations = new ConversationHandler(messages);
    return RouteTable.builder()
        .route(POST, "/v1/messages", messageHandler::send)
        .route(GET, "/v1/updates", updates::poll)
        .route(GET, "/v1/conversations", conversations::list)
        .route(GET, "/v1/conversations/{id}/messages", conversations::history)
        .build();
  }
}
