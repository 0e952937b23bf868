package dev.perch.send;

import dev.perch.model.ConversationId;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** Group leases for one node (the embedded backend): a map of holders and when their leases end. */
public final class InProcessGroupLeases implements GroupLeases {

  private record Held(String token, long endMillis) {}

  private final ConcurrentMap<ConversationId, Held> held = new ConcurrentHashMap<>();
  private final Clock clock;

  public InProcessGroupLeases(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Mono<Boolean> acquire(ConversationId group, String token, Duration ttl) {
    return Mono.fromSupplier(() -> {
      long now = clock.millis();
      Held mine = new Held(token, now + ttl.toMillis());
      return held.merge(group, mine, (current, wanted) -> current.endMillis() > now ? current : wanted) == mine;
    });
  }

  @Override
  public Mono<Boolean> renew(ConversationId group, String token, Duration ttl) {
    return Mono.fromSupplier(() -> {
      long now = clock.millis();
      Held renewed = held.computeIfPresent(group, (key, current) ->
          current.token().equals(token) && current.endMillis() > now ? new Held(token, now + ttl.toMillis()) : current);
      return renewed != null && renewed.token().equals(token) && renewed.endMillis() > now;
    });
  }

  @Override
  public Mono<Void> release(ConversationId group, String token) {
    return Mono.fromRunnable(() -> held.computeIfPresent(group, (key, current) ->
        current.token().equals(token) ? null : current));
  }
}
