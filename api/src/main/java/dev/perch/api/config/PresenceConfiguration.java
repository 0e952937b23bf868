package dev.perch.api.config;

import dev.perch.cluster.Membership;
import dev.perch.presence.PresenceDirectory;
import dev.perch.presence.PresenceNotices;
import dev.perch.presence.PresenceService;
import dev.perch.presence.PresenceSettings;
import dev.perch.presence.PresenceTracker;
import dev.perch.send.FanOut;
import dev.perch.store.MessageStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** Presence over the backend's {@link PresenceDirectory} (memory when embedded, Redis when durable). */
@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

  @Bean
  PresenceSettings presenceSettings(PerchProperties properties) {
    PerchProperties.Presence presence = properties.presence();
    return new PresenceSettings(presence.grace(), presence.coalesce(), presence.peers());
  }

  @Bean
  PresenceNotices presenceNotices(MessageStore messages, FanOut fanOut, PresenceSettings settings) {
    return new PresenceNotices(messages, fanOut, settings, Schedulers.parallel());
  }

  @Bean(initMethod = "start", destroyMethod = "stop")
  PresenceTracker presenceTracker(
      PresenceDirectory directory, Membership membership, PresenceNotices notices, PresenceSettings settings,
      Clock clock) {
    return new PresenceTracker(directory, membership, notices, settings, clock, Schedulers.parallel());
  }

  @Bean
  PresenceService presenceService(
      PresenceDirectory directory, MessageStore messages, Membership membership, PresenceSettings settings,
      Clock clock) {
    return new PresenceService(directory, messages, membership, settings, clock);
  }
}
