package dev.perch.api.message;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import dev.perch.send.SendLimit;
import dev.perch.send.SendService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class MessageRoutes {

  @Bean
  RouterFunction<ServerResponse> messageRouter(SendService sends, SendLimit limit) {
    MessageHandler handler = new MessageHandler(sends, limit);
    return RouterFunctions.route(POST("/v1/messages"), handler::send);
  }
}
