package dev.perch.presence;

import dev.perch.model.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The directory of a node alone (embedded): the same records, in memory. Thread-safe. */
public final class InMemoryPresenceDirectory implements PresenceDirectory {

  private final ConcurrentMap<UserId, Recorded> records = new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Set<UserId>> byNode = new ConcurrentHashMap<>();

  @Override
  public Mono<Recorded> put(UserId user, PresenceEntry entry) {
    return Mono.fromSupplier(() -> {
      Recorded[] before = {Recorded.NONE};
      records.compute(user, (u, recorded) -> {
        Recorded old = recorded == null ? Recorded.NONE : recorded;
        before[0] = old;
        List<PresenceEntry> entries = new ArrayList<>(old.without(entry.node()).entries());
        entries.add(entry);
        return new Recorded(entries, old.seenMillis());
      });
      byNode.computeIfAbsent(entry.node(), n -> ConcurrentHashMap.newKeySet()).add(user);
      return before[0];
    });
  }

  @Override
  public Mono<Recorded> remove(UserId user, int node, long lastSeenMillis) {
    return Mono.fromSupplier(() -> {
      Recorded after = records.compute(user, (u, recorded) -> {
        Recorded old = recorded == null ? Recorded.NONE : recorded;
        long seen = Math.max(old.seenMillis(), lastSeenMillis);
        for (PresenceEntry entry : old.entries()) {
          if (entry.node() == node) {
            seen = Math.max(seen, entry.lastSeenMillis());
          }
        }
        return new Recorded(old.without(node).entries(), seen);
      });
      Set<UserId> users = byNode.get(node);
      if (users != null) {
        users.remove(user);
      }
      return after;
    });
  }

  @Override
  public Mono<Map<UserId, Recorded>> read(Collection<UserId> users) {
    return Mono.fromSupplier(() -> {
      Map<UserId, Recorded> found = new LinkedHashMap<>();
      for (UserId user : users) {
        found.put(user, records.getOrDefault(user, Recorded.NONE));
      }
      return found;
    });
  }

  @Override
  public Flux<UserId> usersOf(int node) {
    return Flux.defer(() -> Flux.fromIterable(List.copyOf(byNode.getOrDefault(node, Set.of()))));
  }

  @Override
  public Mono<Void> forget(int node) {
    return Mono.fromRunnable(() -> byNode.remove(node));
  }
}
