package dev.perch.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.perch.bus.InProcessDeliveryBus;
import dev.perch.cluster.Membership;
import dev.perch.cluster.NodeRecord;
import dev.perch.cluster.Ring;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.PresenceChange;
import dev.perch.model.Update;
import dev.perch.model.UserId;
import dev.perch.poll.WaiterRegistry;
import dev.perch.send.FanOut;
import dev.perch.send.SettableClock;
import dev.perch.store.memory.InMemoryMessageStore;
import dev.perch.store.memory.InMemoryUpdateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class PresenceTrackerTest {

  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration COALESCE = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final UserId ANN = UserId.of("ann");
  private static final UserId BOB = UserId.of("bob");

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T12:00:00Z"));
  private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
  private final InMemoryMessageStore messages = new InMemoryMessageStore(100, Duration.ofHours(1), clock);
  private final InMemoryUpdateStore updates = new InMemoryUpdateStore(100);
  private final PresenceDirectory directory = new InMemoryPresenceDirectory();
  private final TestMembership membership = new TestMembership();
  private final PresenceSettings settings = new PresenceSettings(GRACE, COALESCE, 10);
  private final PresenceNotices notices = new PresenceNotices(
      messages, new FanOut(updates, new InProcessDeliveryBus(new WaiterRegistry(16))), settings, scheduler);

  PresenceTrackerTest() {
    messages.save(new Message(1, ConversationId.direct(ANN, BOB), ANN, BOB, "hi", null, Instant.EPOCH)).block(TIMEOUT);
  }

  @AfterEach
  void dispose() {
    scheduler.dispose();
  }

  private PresenceTracker node(int id) {
    membership.join(id);
    return new PresenceTracker(directory, membership.as(id), notices, settings, clock, scheduler);
  }

  private List<String> toldBob() {
    return updates.readAfter(BOB, 0, 100).map(Update::body).cast(PresenceChange.class)
        .map(change -> change.user().value() + (change.online() ? " online" : " offline"))
        .collectList().block(TIMEOUT);
  }

  private void pass(Duration time) {
    clock.advance(time);
    scheduler.advanceTimeBy(time);
  }

  /** Lets {@code time} pass a tick at a time, every node ticking after each. */
  private void run(Duration time, PresenceTracker... nodes) {
    for (Duration passed = Duration.ZERO; passed.compareTo(time) < 0; passed = passed.plus(PresenceTracker.TICK)) {
      pass(PresenceTracker.TICK);
      for (PresenceTracker node : nodes) {
        node.tick().block(TIMEOUT);
      }
    }
  }

  @Test
  void aUserWhoStartsPollingComesOnlineForTheirPeersOnce() {
    PresenceTracker tracker = node(1);

    tracker.started(ANN);
    tracker.tick().block(TIMEOUT);
    pass(COALESCE);
    tracker.ended(ANN);
    tracker.started(ANN);
    tracker.tick().block(TIMEOUT);

    assertThat(toldBob()).containsExactly("ann online");
    assertThat(directory.read(List.of(ANN)).block(TIMEOUT).get(ANN).entries())
        .extracting(PresenceEntry::node, PresenceEntry::devices).containsExactly(tuple(1, 1));
  }

  @Test
  void aUserGoesOfflineAGraceAfterTheirLastPollEndedAndNotBefore() {
    PresenceTracker tracker = node(1);
    tracker.started(ANN);
    tracker.tick().block(TIMEOUT);
    tracker.ended(ANN);
    long ended = clock.millis();

    pass(GRACE.minusMillis(1));
    tracker.tick().block(TIMEOUT);
    assertThat(toldBob()).containsExactly("ann online");

    pass(Duration.ofMillis(1));
    tracker.tick().block(TIMEOUT);
    assertThat(toldBob()).containsExactly("ann online", "ann offline");
    assertThat(directory.read(List.of(ANN)).block(TIMEOUT).get(ANN)).isEqualTo(new Recorded(List.of(), ended));
  }

  @Test
  void aPollingUsersEntryIsRewrittenBeforeItLapsesAndCountsTheirDevices() {
    PresenceTracker tracker = node(1);
    tracker.started(ANN);
    tracker.started(ANN);
    tracker.tick().block(TIMEOUT);

    for (int i = 0; i < 4; i++) {
      pass(GRACE.dividedBy(2));
      tracker.tick().block(TIMEOUT);
      PresenceState state = PresenceState.of(directory.read(List.of(ANN)).block(TIMEOUT).get(ANN), Set.of(1),
          clock.millis() + GRACE.toMillis() / 2 - 1, GRACE);
      assertThat(state.online()).isTrue();
      assertThat(state.devices()).isEqualTo(2);
    }
    assertThat(toldBob()).containsExactly("ann online");
  }

  @Test
  void changesWithinTheCoalescingWindowReachPeersAsTheStateAtItsEnd() {
    PresenceTracker tracker = node(1);
    tracker.started(ANN);
    tracker.tick().block(TIMEOUT);
    pass(Duration.ofSeconds(2));
    notices.changed(ANN, false, clock.millis());
    notices.changed(ANN, true, clock.millis());
    pass(COALESCE);
    assertThat(toldBob()).containsExactly("ann online");

    notices.changed(ANN, false, clock.millis());
    notices.changed(ANN, true, clock.millis());
    notices.changed(ANN, false, clock.millis());
    assertThat(toldBob()).containsExactly("ann online", "ann offline");
    pass(COALESCE);
    assertThat(toldBob()).containsExactly("ann online", "ann offline");
  }

  @Test
  void aUserSeenOnTwoNodesIsOnlineOnceAndOfflineOnlyWhenBothLetGo() {
    PresenceTracker one = node(1);
    PresenceTracker two = node(2);
    one.started(ANN);
    one.tick().block(TIMEOUT);
    two.started(ANN);
    two.tick().block(TIMEOUT);
    one.ended(ANN);

    run(GRACE.multipliedBy(2), one, two);
    assertThat(toldBob()).containsExactly("ann online");
    assertThat(directory.read(List.of(ANN)).block(TIMEOUT).get(ANN).entries())
        .extracting(PresenceEntry::node).containsExactly(2);

    two.ended(ANN);
    run(GRACE, one, two);
    assertThat(toldBob()).containsExactly("ann online", "ann offline");
  }

  @Test
  void theUsersOfANodeThatLeftGoOfflineThroughTheNodeThatOwnsItsShare() {
    PresenceTracker one = node(1);
    PresenceTracker two = node(2);
    one.started(ANN);
    one.tick().block(TIMEOUT);
    two.tick().block(TIMEOUT);
    pass(COALESCE);

    membership.leave(1);
    two.tick().block(TIMEOUT);

    assertThat(toldBob()).containsExactly("ann online", "ann offline");
    assertThat(directory.read(List.of(ANN)).block(TIMEOUT).get(ANN).entries()).isEmpty();
    assertThat(directory.usersOf(1).collectList().block(TIMEOUT)).isEmpty();
  }

  /** Live nodes a test sets; each node's view shares them. */
  private static final class TestMembership {
    private volatile List<Integer> live = List.of();

    void join(int id) {
      live = Stream.concat(live.stream(), Stream.of(id)).toList();
    }

    void leave(int id) {
      live = live.stream().filter(node -> node != id).toList();
    }

    Membership as(int self) {
      return new Membership() {
        @Override
        public int self() {
          return self;
        }

        @Override
        public List<NodeRecord> live() {
          return live.stream().map(id -> new NodeRecord(id, "http://node-" + id, Instant.EPOCH, Instant.EPOCH)).toList();
        }

        @Override
        public Ring ring() {
          return Ring.of(live);
        }

        @Override
        public boolean registered() {
          return true;
        }
      };
    }
  }
}
