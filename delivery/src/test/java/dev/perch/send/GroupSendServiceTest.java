package dev.perch.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.bus.InProcessDeliveryBus;
import dev.perch.error.ForbiddenException;
import dev.perch.group.GroupService;
import dev.perch.id.MessageIds;
import dev.perch.model.ConversationId;
import dev.perch.model.Group;
import dev.perch.model.Update;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;
import dev.perch.store.UpdateStore;
import dev.perch.store.memory.InMemoryGroupStore;
import dev.perch.store.memory.InMemoryMessageStore;
import dev.perch.store.memory.InMemoryUpdateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class GroupSendServiceTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");
  private static final UserId CAROL = UserId.of("carol");
  private static final UserId MALLORY = UserId.of("mallory");

  private final Clock clock = Clock.systemUTC();
  private final MessageIds ids = new MessageIds(1, clock);
  private final InMemoryMessageStore messages = new InMemoryMessageStore(10_000, Duration.ofHours(24), clock);
  private final InMemoryUpdateStore updates = new InMemoryUpdateStore(10_000);
  private final InMemoryGroupStore groups = new InMemoryGroupStore();
  private final InProcessDeliveryBus bus = new InProcessDeliveryBus((user, seq) -> { });
  private final GroupService groupService = new GroupService(groups, new FanOut(updates, bus), ids, clock, 256);

  private GroupSendService sendsThrough(UpdateStore streams) {
    FanOut fanOut = new FanOut(streams, bus);
    GroupRelay relay = new GroupRelay(messages, streams, groups, new InProcessGroupLeases(clock), fanOut);
    return new GroupSendService(messages, streams, groups, relay, ids, clock);
  }

  private Group group(UserId creator, UserId... others) {
    return groupService.create(creator, "ops", List.of(others), Schedulers.parallel()).block(DEADLINE);
  }

  private Sent send(GroupSendService sends, Group group, UserId from, String text, String clientMsgId) {
    return sends.send(new OutgoingMessage(from, null, group.id(), text, clientMsgId), Schedulers.parallel())
        .block(DEADLINE);
  }

  /** The texts of the group messages in {@code user}'s stream, in stream order. */
  private List<String> groupTexts(UserId user) {
    return updates.readAfter(user, 0, 10_000)
        .filter(update -> update.type() == UpdateType.MESSAGE && update.message().conversationId().isGroup())
        .map(update -> update.message().text())
        .collectList().block(DEADLINE);
  }

  @Test
  void aGroupMessageIsStoredOnceAndReachesEveryMemberTheSenderIncluded() {
    Group group = group(ALICE, BOB, CAROL);
    GroupSendService sends = sendsThrough(updates);
    Sent sent = send(sends, group, BOB, "hi all", "c-1");

    assertThat(sent.created()).isTrue();
    assertThat(sent.message().to()).isNull();
    assertThat(messages.history(group.id(), Long.MAX_VALUE, 10).collectList().block(DEADLINE))
        .containsExactly(sent.message());
    Awaitility.await().atMost(DEADLINE).untilAsserted(() -> {
      for (UserId member : List.of(ALICE, BOB, CAROL)) {
        assertThat(groupTexts(member)).containsExactly("hi all");
      }
    });
    assertThat(messages.owedDeliveries(group.id(), 10).collectList().block(DEADLINE)).isEmpty();
  }

  @Test
  void aRepeatAnswersTheFirstMessageAndAppendsNothingMore() {
    Group group = group(ALICE, BOB);
    GroupSendService sends = sendsThrough(updates);
    Sent first = send(sends, group, ALICE, "once", "c-1");
    Awaitility.await().atMost(DEADLINE).until(() -> groupTexts(BOB).size() == 1);

    Sent repeat = send(sends, group, ALICE, "once", "c-1");
    assertThat(repeat).isEqualTo(new Sent(first.message(), false));
    send(sends, group, ALICE, "after", null);
    Awaitility.await().atMost(DEADLINE).until(() -> groupTexts(BOB).size() == 2);
    assertThat(groupTexts(BOB)).containsExactly("once", "after");
    assertThat(groupTexts(ALICE)).containsExactly("once", "after");
  }

  @Test
  void aNonMemberIsRefusedTheSameWayWhetherOrNotTheGroupExists() {
    Group group = group(ALICE, BOB);
    GroupSendService sends = sendsThrough(updates);
    ConversationId missing = ConversationId.newGroup(ids.next());

    assertThatThrownBy(() -> send(sends, group, MALLORY, "let me in", null))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining(group.id().value());
    assertThatThrownBy(() -> sends.send(new OutgoingMessage(MALLORY, null, missing, "probe", null),
        Schedulers.parallel()).block(DEADLINE))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining(missing.value());
    assertThat(messages.history(group.id(), Long.MAX_VALUE, 10).collectList().block(DEADLINE)).isEmpty();
  }

  @Test
  void concurrentSendersLeaveEveryMemberWithTheSameOrder() throws Exception {
    List<UserId> members = List.of(ALICE, BOB, CAROL, UserId.of("dave"), UserId.of("erin"));
    Group group = group(ALICE, members.subList(1, members.size()).toArray(UserId[]::new));
    GroupSendService sends = sendsThrough(updates);
    int perSender = 50;
    ExecutorService pool = Executors.newFixedThreadPool(members.size());
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (UserId sender : members) {
        senders.add(pool.submit(() -> {
          for (int i = 0; i < perSender; i++) {
            send(sends, group, sender, sender + "-" + i, null);
          }
        }));
      }
      for (Future<?> sender : senders) {
        sender.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int total = members.size() * perSender;
    Awaitility.await().atMost(DEADLINE).until(() -> members.stream().allMatch(m -> groupTexts(m).size() == total));
    List<String> order = groupTexts(ALICE);
    assertThat(order).doesNotHaveDuplicates();
    for (UserId member : members) {
      assertThat(groupTexts(member)).as("%s's stream", member).isEqualTo(order);
    }
  }

  @Test
  void aDeliveryThatFailsHalfwayIsFinishedFirstWithoutACopyTwice() {
    Group group = group(ALICE, BOB, CAROL);
    GroupSendService flaky = sendsThrough(new FlakyUpdateStore(updates, BOB, 1));
    send(flaky, group, ALICE, "first", null);
    Awaitility.await().atMost(DEADLINE).until(() -> groupTexts(ALICE).size() == 1);
    assertThat(groupTexts(BOB)).isEmpty();
    assertThat(messages.owedDeliveries(group.id(), 10).collectList().block(DEADLINE))
        .singleElement().extracting(owed -> owed.started()).isEqualTo(true);

    send(flaky, group, CAROL, "second", null);
    Awaitility.await().atMost(DEADLINE).until(() -> groupTexts(BOB).size() == 2);
    for (UserId member : List.of(ALICE, BOB, CAROL)) {
      assertThat(groupTexts(member)).as("%s's stream", member).containsExactly("first", "second");
    }
    assertThat(messages.owedDeliveries(group.id(), 10).collectList().block(DEADLINE)).isEmpty();
  }

  @Test
  void membersWhenTheRelayDeliversGetTheMessage() {
    Group group = group(ALICE, BOB);
    GroupSendService sends = sendsThrough(updates);
    groupService.change(ALICE, group.id(), List.of(CAROL), List.of(BOB), Schedulers.parallel()).block(DEADLINE);
    send(sends, group, ALICE, "without bob", null);
    Awaitility.await().atMost(DEADLINE).until(() -> groupTexts(ALICE).size() == 1);
    assertThat(groupTexts(BOB)).isEmpty();
    List<Update> bobs = updates.readAfter(BOB, 0, 100).collectList().block(DEADLINE);
    assertThat(bobs).extracting(Update::type).containsExactly(UpdateType.MEMBER, UpdateType.MEMBER);
  }
}
