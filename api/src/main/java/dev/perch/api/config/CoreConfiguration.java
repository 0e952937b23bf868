package dev.perch.api.config;

import dev.perch.api.http.ShutdownGate;
import dev.perch.bus.DeliveryBus;
import dev.perch.id.MessageIds;
import dev.perch.poll.PollService;
import dev.perch.poll.WaiterRegistry;
import dev.perch.send.OwedDeliverySweeper;
import dev.perch.model.UserId;
import dev.perch.send.SendLimit;
import dev.perch.send.SendRate;
import dev.perch.send.SendService;
import dev.perch.store.MessageStore;
import dev.perch.store.UpdateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** The services every backend shares; the backend configurations provide stores and bus. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PerchProperties.class)
class CoreConfiguration {

  private static final Duration OWED_SWEEP_INTERVAL = Duration.ofSeconds(1);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  WaiterRegistry waiterRegistry(PerchProperties properties) {
    return new WaiterRegistry(properties.limits().parkedPollsPerUser());
  }

  @Bean
  MessageIds messageIds(PerchProperties properties, Clock clock) {
    return new MessageIds(properties.nodeId(), clock);
  }

  @Bean
  PollService pollService(UpdateStore updates, DeliveryBus bus, WaiterRegistry waiters) {
    return new PollService(updates, bus, waiters);
  }

  @Bean
  SendService sendService(MessageStore messages, UpdateStore updates, DeliveryBus bus, MessageIds ids, Clock clock) {
    return new SendService(messages, updates, bus, ids, clock);
  }

  @Bean
  SendLimit sendLimit(PerchProperties properties) {
    return new SendLimit(properties.limits().sendsInFlight());
  }

  @Bean
  SendRate sendRate(PerchProperties properties) {
    PerchProperties.Limits limits = properties.limits();
    Map<UserId, Double> overrides = new HashMap<>();
    limits.sendRateOverrides().forEach((user, rate) -> overrides.put(UserId.of(user), rate));
    return new SendRate(limits.sendRate(), limits.sendBurst(), overrides);
  }

  /** Every node sweeps owed deliveries, so one is finished even when the node that owed it is gone. */
  @Bean(initMethod = "start", destroyMethod = "stop")
  OwedDeliverySweeper owedDeliverySweeper(MessageStore messages, SendService sends) {
    return new OwedDeliverySweeper(messages, sends, OWED_SWEEP_INTERVAL, Schedulers.parallel());
  }

  @Bean
  PollShutdown pollShutdown(WaiterRegistry waiters, ShutdownGate gate) {
    return new PollShutdown(waiters, gate);
  }
}
