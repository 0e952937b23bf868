package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.UserId;
import dev.perch.store.GroupStore;
import java.util.ConcurrentModificationException;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Groups in CQL: one {@code groups} row each, and {@code groups_by_user} listing each member's
 * groups. A change is a compare-and-set on the row's version (a lightweight transaction: member
 * changes are rare), tried again on the current row when another change won; the lists are
 * written after it. Thread-safe and non-blocking; every publisher is lazy.
 */
public final class CqlGroupStore implements GroupStore {

  /** Compare-and-set attempts of one change before it gives up (503) under contention. */
  private static final int CHANGE_ATTEMPTS = 8;

  private final CqlStatement insert;
  private final CqlStatement select;
  private final CqlStatement compareAndSet;
  private final CqlStatement list;
  private final CqlStatement unlist;
  private final CqlStatement groupsOf;

  public CqlGroupStore(CqlSession session, CqlStoreOptions options) {
    String ks = options.keyspace();
    this.insert = CqlStatement.of(session, options, "INSERT INTO " + ks + ".groups"
        + " (group_id, name, created_by, created_at, admins, members, version) VALUES (?, ?, ?, ?, ?, ?, ?)", true);
    this.select = CqlStatement.of(session, options, "SELECT group_id, name, created_by, created_at, admins, members,"
        + " version FROM " + ks + ".groups WHERE group_id = ?", true);
    this.compareAndSet = CqlStatement.of(session, options, "UPDATE " + ks + ".groups"
        + " SET admins = ?, members = ?, version = ? WHERE group_id = ? IF version = ?", false);
    this.list = CqlStatement.of(session, options,
        "INSERT INTO " + ks + ".groups_by_user (user_id, group_id) VALUES (?, ?)", true);
    this.unlist = CqlStatement.of(session, options,
        "DELETE FROM " + ks + ".groups_by_user WHERE user_id = ? AND group_id = ?", true);
    this.groupsOf = CqlStatement.of(session, options,
        "SELECT group_id FROM " + ks + ".groups_by_user WHERE user_id = ? LIMIT ?", true);
  }

  @Override
  public Mono<Group> create(Group group) {
    return insert.run(p -> p.bind(group.id().value(), group.name(), group.createdBy().value(), group.createdAt(),
            UserId.valuesOf(group.admins()), UserId.valuesOf(group.members()), group.version()))
        .then(relist(null, group))
        .thenReturn(group)
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Group> find(ConversationId id) {
    return select.one(p -> p.bind(id.value())).map(CqlGroupStore::toGroup).onErrorMap(StoreErrors::translate);
  }

  @Override
  public Mono<Changed> change(ConversationId id, UnaryOperator<Group> change) {
    return find(id)
        .flatMap(before -> {
          Group after = change.apply(before);
          return compareAndSet.execute(p -> p.bind(UserId.valuesOf(after.admins()), UserId.valuesOf(after.members()),
                  after.version(), id.value(), before.version()))
              .flatMap(result -> result.wasApplied()
                  ? Mono.just(new Changed(before, after))
                  : Mono.error(new ConcurrentModificationException("group " + id + " changed meanwhile")));
        })
        .retryWhen(Retry.max(CHANGE_ATTEMPTS - 1).filter(ConcurrentModificationException.class::isInstance)
            .onRetryExhaustedThrow((spec, signal) -> StoreErrors.unavailable(signal.failure())))
        .flatMap(changed -> relist(changed.before(), changed.after()).thenReturn(changed))
        .onErrorMap(StoreErrors::translate);
  }

  @Override
  public Flux<ConversationId> groupsOf(UserId user, int limit) {
    return groupsOf.rows(p -> p.bind(user.value(), limit))
        .map(row -> ConversationId.parseGroup(row.getString(0)))
        .onErrorMap(StoreErrors::translate);
  }

  /**
   * Lists the group for every member now (again for those listed already, so a list write that
   * failed once is mended by the next change) and unlists it for those who left.
   */
  private Mono<Void> relist(Group before, Group after) {
    Flux<Void> gone = before == null
        ? Flux.empty()
        : Flux.fromIterable(before.members()).filter(user -> !after.hasMember(user))
            .flatMap(user -> unlist.run(p -> p.bind(user.value(), after.id().value())));
    Flux<Void> now = Flux.fromIterable(after.members())
        .flatMap(user -> list.run(p -> p.bind(user.value(), after.id().value())));
    return Flux.merge(gone, now).then();
  }

  private static Group toGroup(Row row) {
    return new Group(ConversationId.parseGroup(row.getString("group_id")), row.getString("name"),
        UserId.of(row.getString("created_by")), row.getInstant("created_at"),
        UserId.allOf(row.getList("admins", String.class)), UserId.allOf(row.getList("members", String.class)),
        row.getLong("version"));
  }
}
