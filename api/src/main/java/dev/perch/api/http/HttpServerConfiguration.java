package dev.perch.api.http;

import dev.perch.api.auth.BearerAuth;
import dev.perch.api.config.PerchProperties;
import dev.perch.api.error.ProblemJson;
import dev.perch.cluster.Membership;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * Perch's API on Reactor Netty routes of the one server and port, in front of WebFlux: every
 * path outside {@code /actuator} enters {@link HttpEntry}; the actuator stays on WebFlux. Sets the
 * server's event loops ({@code perch.http.event-loops}, default one per core), the keep-alive idle
 * timeout and the header deadline ({@link ConnectionDeadlines}), the body read timeout, and gives
 * the decoder's own refusals problem+json bodies ({@link DecodingFailureProblems}).
 */
@Configuration(proxyBeanMethods = false)
class HttpServerConfiguration {

  @Bean
  ProblemJson problemJson(JsonMapper json) {
    return new ProblemJson(json);
  }

  @Bean
  JsonBody jsonBody(JsonMapper json) {
    return new JsonBody(json);
  }

  @Bean
  ShutdownGate shutdownGate() {
    return new ShutdownGate();
  }

  @Bean
  HttpEntry httpEntry(
      ShutdownGate gate, BearerAuth auth, RouteTable routes, JsonBody bodies, JsonMapper json, ProblemJson problems,
      Membership membership) {
    return new HttpEntry(gate, auth, routes, bodies, json, problems, membership);
  }

  @Bean
  NettyRouteProvider perchRoutes(HttpEntry entry) {
    return routes -> routes.route(request -> !isActuator(request.uri()), entry);
  }

  @Bean
  NettyServerCustomizer perchConnections(PerchProperties properties, ProblemJson problems) {
    PerchProperties.Http http = properties.http();
    DecodingFailureProblems decodingFailures = new DecodingFailureProblems(problems);
    return server -> server
        .requestTimeout(http.bodyTimeout())
        .doOnChannelInit((observer, channel, remote) -> {
          ConnectionDeadlines deadlines = new ConnectionDeadlines(http.idleTimeout(), http.headerTimeout());
          channel.pipeline()
              .addBefore(NettyPipeline.HttpCodec, "perch.deadlineBytes", deadlines.bytes())
              .addAfter(NettyPipeline.HttpCodec, "perch.deadlineMessages", deadlines.messages())
              .addAfter(NettyPipeline.HttpCodec, "perch.decodingFailures", decodingFailures);
        });
  }

  /** The server's own event loops, so their number is Perch's to set (Reactor Netty's default is at least 4). */
  @Bean
  ReactorResourceFactory reactorResourceFactory(PerchProperties properties) {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    factory.setLoopResourcesSupplier(() -> LoopResources.create("perch-http", 1, properties.http().eventLoops(), true));
    return factory;
  }

  private static boolean isActuator(String uri) {
    return uri.startsWith("/actuator/") || uri.equals("/actuator") || uri.startsWith("/actuator?");
  }
}
