package dev.perch.store.memory;

import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.UserId;
import dev.perch.store.GroupStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded group store. A change runs inside the map's atomic compute for its group, which
 * also keeps each user's list of groups in step with the members. Lost on restart; groups are few
 * and small beside the messages, so the memory budget does not charge them.
 */
public final class InMemoryGroupStore implements GroupStore {

  private final ConcurrentMap<ConversationId, Group> groups = new ConcurrentHashMap<>();
  private final ConcurrentMap<UserId, Set<ConversationId>> groupsByUser = new ConcurrentHashMap<>();

  @Override
  public Mono<Group> create(Group group) {
    return Mono.fromSupplier(() -> {
      groups.compute(group.id(), (id, none) -> {
        group.members().forEach(member -> listed(member).add(id));
        return group;
      });
      return group;
    });
  }

  @Override
  public Mono<Group> find(ConversationId id) {
    return Mono.fromSupplier(() -> groups.get(id));
  }

  @Override
  public Mono<Changed> change(ConversationId id, UnaryOperator<Group> change) {
    return Mono.fromSupplier(() -> {
      Group[] before = new Group[1];
      Group after = groups.computeIfPresent(id, (key, current) -> {
        Group changed = change.apply(current);
        current.members().stream().filter(user -> !changed.hasMember(user)).forEach(user -> listed(user).remove(key));
        changed.members().forEach(user -> listed(user).add(key));
        before[0] = current;
        return changed;
      });
      return after == null ? null : new Changed(before[0], after);
    });
  }

  @Override
  public Flux<ConversationId> groupsOf(UserId user, int limit) {
    return Flux.defer(() -> Flux.fromIterable(groupsByUser.getOrDefault(user, Set.of()))).take(limit);
  }

  private Set<ConversationId> listed(UserId user) {
    return groupsByUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet());
  }
}
