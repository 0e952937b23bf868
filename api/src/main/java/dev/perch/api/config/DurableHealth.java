package dev.perch.api.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.perch.bus.redis.RedisDeliveryBus;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/health} components {@code redis} and {@code cql}: each one cheap round trip,
 * bounded by {@link #PROBE_TIMEOUT}, so the health endpoint stays fast when a service hangs. A
 * node that cannot reach Redis still takes sends (recorded as owed), so {@code redis} is then
 * {@link NodeHealth#DEGRADED}; one that cannot reach the store cannot, so {@code cql} is DOWN.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "perch.backend", havingValue = "durable")
class DurableHealth {

  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  @Bean
  ReactiveHealthIndicator redisHealthIndicator(RedisDeliveryBus bus) {
    return () -> probe(bus.ping(), NodeHealth.DEGRADED);
  }

  @Bean
  ReactiveHealthIndicator cqlHealthIndicator(CqlSession session) {
    SimpleStatement query = SimpleStatement.newInstance("SELECT release_version FROM system.local")
        .setTimeout(PROBE_TIMEOUT);
    return () -> probe(Mono.fromCompletionStage(() -> session.executeAsync(query)).then(), Status.DOWN);
  }

  private static Mono<Health> probe(Mono<Void> roundTrip, Status failing) {
    return roundTrip
        .timeout(PROBE_TIMEOUT)
        .thenReturn(Health.up().build())
        .onErrorResume(e -> Mono.just(
            Health.status(failing).withDetail("error", e.getClass().getSimpleName()).build()));
  }
}
