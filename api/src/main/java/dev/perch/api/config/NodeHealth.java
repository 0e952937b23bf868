package dev.perch.api.config;

import dev.perch.cluster.Membership;
import dev.perch.send.OwedDeliverySweeper;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /actuator/health} says of a node that works but not fully: {@link #DEGRADED}, a
 * status ordered between DOWN and UP and answered 200 (application.yml), so a balancer keeps
 * sending while an operator sees the trouble. Component {@code owedDeliveries}: DEGRADED while the
 * last sweep left owed deliveries (messages acknowledged but not yet in every stream, as while
 * Redis is unreachable), UP otherwise. The durable components are in {@link DurableHealth}.
 */
@Configuration(proxyBeanMethods = false)
class NodeHealth {

  static final Status DEGRADED = new Status("DEGRADED");

  /** Component {@code membership}: UP while this node's heartbeats reach the registry, DEGRADED otherwise. */
  @Bean
  HealthIndicator membershipHealthIndicator(Membership membership) {
    return () -> membership.registered() ? Health.up().build() : Health.status(DEGRADED).build();
  }

  @Bean
  HealthIndicator owedDeliveriesHealthIndicator(OwedDeliverySweeper sweeper) {
    return () -> sweeper.outstanding() == 0 ? Health.up().build() : Health.status(DEGRADED).build();
  }
}
