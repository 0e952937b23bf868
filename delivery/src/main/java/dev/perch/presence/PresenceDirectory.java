package dev.perch.presence;

import dev.perch.model.UserId;
import java.util.Collection;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where nodes record whom they see polling: per user, an entry per node. Shared by every node
 * (Redis) or kept by the one node (memory). Every publisher is lazy and non-blocking.
 */
public interface PresenceDirectory {

  /** Sets {@code entry} for {@code user} and answers what was recorded before. */
  Mono<Recorded> put(UserId user, PresenceEntry entry);

  /**
   * Removes {@code node}'s entry for {@code user}, keeping the later of its time and
   * {@code lastSeenMillis} as the user's last seen, and answers what is recorded after.
   */
  Mono<Recorded> remove(UserId user, int node, long lastSeenMillis);

  /** What is recorded for each of {@code users}; a user without a record maps to {@link Recorded#NONE}. */
  Mono<Map<UserId, Recorded>> read(Collection<UserId> users);

  /** The users {@code node} has entries for, so that another node can remove them once it died. */
  Flux<UserId> usersOf(int node);

  /** Forgets which users {@code node} had entries for. */
  Mono<Void> forget(int node);
}
