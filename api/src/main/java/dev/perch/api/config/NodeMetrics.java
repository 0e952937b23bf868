package dev.perch.api.config;

import dev.perch.bus.DeliveryBus;
import dev.perch.poll.WaiterRegistry;
import dev.perch.send.OwedDeliverySweeper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This node's gauges, read at scrape time only: polls registered here, whether the bus is connected
 * (1) or not (0), and the owed deliveries its last sweep left. The counters and timers of the
 * send, poll, bus and store paths are recorded where they happen (see {@code dev.perch.metrics}).
 */
@Configuration(proxyBeanMethods = false)
class NodeMetrics {

  @Bean
  MeterBinder nodeGauges(WaiterRegistry waiters, DeliveryBus bus, OwedDeliverySweeper sweeper) {
    return registry -> {
      Gauge.builder("perch.polls.parked", waiters, WaiterRegistry::size)
          .description("Polls registered on this node (parked or reading)").register(registry);
      Gauge.builder("perch.bus.connected", bus, b -> b.connected() ? 1 : 0)
          .description("1 while this node's delivery bus is connected").register(registry);
      Gauge.builder("perch.owed.outstanding", sweeper, OwedDeliverySweeper::outstanding)
          .description("Owed deliveries the last sweep read and left owed").register(registry);
    };
  }
}
