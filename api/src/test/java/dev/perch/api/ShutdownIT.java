package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.model.UserId;
import dev.perch.poll.WaiterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Stopping the server answers parked polls at once (empty, same cursor) instead of at their timeout. */
class ShutdownIT {

  @Test
  void shutdownAnswersEveryParkedPollAtOnce() {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(PerchApplication.class)
        .run("--server.port=0", "--perch.auth.secret=" + ApiTestSupport.SECRET);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    WaiterRegistry waiters = context.getBean(WaiterRegistry.class);
    UserId bob = UserId.of("bob");
    String token = ApiTestSupport.TOKENS.mint(bob, Instant.now(), Duration.ofMinutes(5));
    WebClient client = ContractFilter.webClient("http://127.0.0.1:" + port);

    StepVerifier.create(client.get().uri("/v1/updates?cursor=0&timeout=60")
            .headers(h -> h.setBearerAuth(token)).retrieve().bodyToMono(String.class))
        .then(() -> await().atMost(Duration.ofSeconds(10)).until(() -> waiters.size(bob) == 1))
        .then(() -> Schedulers.boundedElastic().schedule(context::close))
        .assertNext(body -> assertThat(body).isEqualTo("{\"cursor\":\"0\",\"updates\":[]}"))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(20)).until(() -> !context.isActive());
  }
}
