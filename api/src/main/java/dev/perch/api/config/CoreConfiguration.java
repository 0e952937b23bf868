package dev.perch.api.config;

import dev.perch.api.http.ShutdownGate;
import dev.perch.bus.DeliveryBus;
import dev.perch.conversation.Conversations;
import dev.perch.conversation.ReadMarkers;
import dev.perch.send.GroupLeases;
import dev.perch.send.GroupRelay;
import dev.perch.send.GroupSendService;
import dev.perch.group.GroupService;
import dev.perch.id.MessageIds;
import dev.perch.poll.PollService;
import dev.perch.poll.WaiterRegistry;
import dev.perch.presence.PresenceTracker;
import dev.perch.model.UserId;
import dev.perch.send.FanOut;
import dev.perch.send.OwedDeliverySweeper;
import dev.perch.send.SendLimit;
import dev.perch.send.SendRate;
import dev.perch.send.SendService;
import dev.perch.store.GroupStore;
import dev.perch.store.MessageStore;
import dev.perch.store.UpdateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;
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
  PollService pollService(UpdateStore updates, DeliveryBus bus, WaiterRegistry waiters, PresenceTracker presence) {
    return new PollService(updates, bus, waiters, presence);
  }

  @Bean
  SendService sendService(MessageStore messages, UpdateStore updates, DeliveryBus bus, MessageIds ids, Clock clock) {
    return new SendService(messages, updates, bus, ids, clock);
  }

  @Bean
  FanOut fanOut(UpdateStore updates, DeliveryBus bus) {
    return new FanOut(updates, bus);
  }

  @Bean
  GroupRelay groupRelay(
      MessageStore messages, UpdateStore updates, GroupStore groups, GroupLeases leases, FanOut fanOut) {
    return new GroupRelay(messages, updates, groups, leases, fanOut);
  }

  @Bean
  GroupSendService groupSendService(
      MessageStore messages, UpdateStore updates, GroupStore groups, GroupRelay relay, MessageIds ids, Clock clock) {
    return new GroupSendService(messages, updates, groups, relay, ids, clock);
  }

  @Bean
  GroupService groupService(GroupStore groups, FanOut fanOut, MessageIds ids, Clock clock, PerchProperties properties) {
    return new GroupService(groups, fanOut, ids, clock, properties.limits().groupMembers());
  }

  @Bean
  Conversations conversations(MessageStore messages, GroupStore groups) {
    return new Conversations(messages, groups);
  }

  @Bean
  ReadMarkers readMarkers(MessageStore messages, Conversations conversations, FanOut fanOut) {
    return new ReadMarkers(messages, conversations, fanOut);
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
  OwedDeliverySweeper owedDeliverySweeper(
      MessageStore messages, SendService sends, GroupRelay relay, IntPredicate ownedOwedShards) {
    return new OwedDeliverySweeper(
        messages, sends, relay, OWED_SWEEP_INTERVAL, Schedulers.parallel(), ownedOwedShards);
  }

  @Bean
  PollShutdown pollShutdown(WaiterRegistry waiters, ShutdownGate gate) {
    return new PollShutdown(waiters, gate);
  }
}
