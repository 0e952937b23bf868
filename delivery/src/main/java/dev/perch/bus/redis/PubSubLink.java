package dev.perch.bus.redis;

import dev.perch.model.UserId;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * How one {@link RedisDeliveryBus} reaches Redis: it publishes wakes on users' channels and holds
 * their subscriptions, on one server ({@code PUBLISH}/{@code SUBSCRIBE}) or on a Redis Cluster
 * (sharded: {@code SPUBLISH}/{@code SSUBSCRIBE} at the master of the channel's slot). A link keeps
 * no interest counts, that is {@link Subscriptions}' job; it tells the bus through {@link Events}
 * what reached it and which subscriptions may be gone. Thread-safe; publishers are lazy.
 */
interface PubSubLink extends Subscriptions.Commands {

  /** What the link tells its bus; called on Lettuce's threads, so quick and never blocking. */
  interface Events {

    /** A message arrived on {@code channel}. */
    void message(String channel, String payload);

    /** Wakes for the users accepted may be lost from now until they are subscribed again. */
    void lost(Predicate<UserId> users);

    /** The subscriptions of the users accepted may be gone: subscribe them again, then resync. */
    void resubscribe(Predicate<UserId> users);
  }

  /** Starts telling {@code events}; called once, before the first subscribe. */
  void start(Events events);

  /** Publishes {@code payload} on {@code user}'s channel. */
  Mono<Void> publish(UserId user, String payload);

  /** Whether every subscription can receive now (false while a connection it needs is down). */
  boolean connected();

  /** Completes when the link's connections answer PING. */
  Mono<Void> ping();

  /** Stops telling its events and closes the link's connections; the client stays open. */
  Mono<Void> close();
}
