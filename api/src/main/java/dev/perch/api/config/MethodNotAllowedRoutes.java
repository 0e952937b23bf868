package dev.perch.api.config;

import static org.springframework.web.reactive.function.server.RequestPredicates.method;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import dev.perch.api.error.WrongMethodException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Functional routes answer a known path asked with the wrong method as if the path did not exist;
 * this router answers those requests 405 method_not_allowed instead of 404.
 */
@Configuration(proxyBeanMethods = false)
class MethodNotAllowedRoutes {

  @Bean
  RouterFunction<ServerResponse> methodNotAllowedRouter() {
    RequestPredicate wrongMethod = path("/v1/messages").and(method(HttpMethod.POST).negate())
        .or(path("/v1/updates").and(method(HttpMethod.GET).negate()))
        .or(path("/v1/conversations").and(method(HttpMethod.GET).negate()))
        .or(path("/v1/conversations/{id}/messages").and(method(HttpMethod.GET).negate()));
    return RouterFunctions.route(wrongMethod, request -> Mono.error(new WrongMethodException()));
  }
}
