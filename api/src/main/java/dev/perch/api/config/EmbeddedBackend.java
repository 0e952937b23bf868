package dev.perch.api.config;

import dev.perch.bus.DeliveryBus;
import dev.perch.bus.InProcessDeliveryBus;
import dev.perch.cluster.LocalMembership;
import dev.perch.cluster.Membership;
import dev.perch.cluster.NodeRecord;
import dev.perch.poll.WaiterRegistry;
import dev.perch.presence.InMemoryPresenceDirectory;
import dev.perch.presence.PresenceDirectory;
import dev.perch.send.GroupLeases;
import dev.perch.send.InProcessGroupLeases;
import dev.perch.store.GroupStore;
import dev.perch.store.MessageStore;
import dev.perch.store.UpdateStore;
import dev.perch.store.memory.InMemoryGroupStore;
import dev.perch.store.memory.InMemoryMessageStore;
import dev.perch.store.memory.InMemoryUpdateStore;
import dev.perch.store.memory.MemoryBudget;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default backend: in-memory stores and the in-process bus, for one node, no services. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "perch.backend", havingValue = "embedded", matchIfMissing = true)
class EmbeddedBackend {

  @Bean
  Membership membership(NodeRecord thisNode) {
    return new LocalMembership(thisNode.id(), thisNode.address(), thisNode.startedAt());
  }

  /** One bound on both stores together, so many users cannot grow a long-running node without limit. */
  @Bean
  MemoryBudget memoryBudget(PerchProperties properties) {
    return new MemoryBudget(properties.retention().memoryBudget().toBytes());
  }

  @Bean
  MessageStore messageStore(PerchProperties properties, Clock clock, MemoryBudget budget) {
    PerchProperties.Retention retention = properties.retention();
    return new InMemoryMessageStore(
        retention.messagesPerConversation(), retention.idempotencyWindow(), clock, budget);
  }

  @Bean
  UpdateStore updateStore(PerchProperties properties, MemoryBudget budget) {
    return new InMemoryUpdateStore(properties.retention().updatesPerUser(), budget);
  }

  @Bean
  GroupStore groupStore() {
    return new InMemoryGroupStore();
  }

  @Bean
  GroupLeases groupLeases(Clock clock) {
    return new InProcessGroupLeases(clock);
  }

  @Bean
  PresenceDirectory presenceDirectory() {
    return new InMemoryPresenceDirectory();
  }

  @Bean
  DeliveryBus deliveryBus(WaiterRegistry waiters) {
    return new InProcessDeliveryBus(waiters);
  }
}
