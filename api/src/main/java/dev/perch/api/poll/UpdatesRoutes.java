package dev.perch.api.poll;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import dev.perch.poll.PollService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class UpdatesRoutes {

  @Bean
  RouterFunction<ServerResponse> updatesRouter(PollService polls) {
    UpdatesHandler handler = new UpdatesHandler(polls);
    return RouterFunctions.route(GET("/v1/updates"), handler::poll);
  }
}
