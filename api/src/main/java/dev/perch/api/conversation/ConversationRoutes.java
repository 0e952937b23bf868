package dev.perch.api.conversation;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import dev.perch.store.MessageStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class ConversationRoutes {

  @Bean
  RouterFunction<ServerResponse> conversationRouter(MessageStore messages) {
    ConversationHandler handler = new ConversationHandler(messages);
    return RouterFunctions.route(GET("/v1/conversations"), handler::list)
        .andRoute(GET("/v1/conversations/{id}/messages"), handler::history);
  }
}
