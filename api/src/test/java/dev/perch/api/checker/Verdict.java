package dev.perch.api.checker;

import dev.perch.api.checker.Device.Seen;
import dev.perch.api.checker.Ledger.Group;
import dev.perch.api.checker.Ledger.Outgoing;
import dev.perch.client.Message;
import dev.perch.id.MessageIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks after the drain, on what the devices recorded and what history holds. Each broken
 * guarantee becomes a violation in the {@link Tally}, naming the user, device, message and seq.
 */
final class Verdict {

  /** What the streams looked like. */
  record StreamStats(long deliveredTotal, long deliveredMin, long deliveredMax, long skippedSeqs, long gaps,
      long firstSeqMin, long firstSeqMax) {}

  private static final int LISTED = 5;

  private Verdict() {}

  /**
   * Per user: every acknowledged message it sent or received reached each of its devices exactly
   * once, nothing else did (an unknown message, a second message for one clientMsgId, someone
   * else's message), both devices saw the same updates in the same order, seqs only grow.
   */
  static StreamStats checkStreams(Map<String, List<Device>> devicesByUser, Ledger ledger, Tally tally) {
    long total = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    long skipped = 0;
    long gaps = 0;
    long firstMin = Long.MAX_VALUE;
    long firstMax = 0;
    Map<Long, Outgoing> byId = ledger.all().stream()
        .filter(Outgoing::acked)
        .collect(Collectors.toMap(Outgoing::ackId, m -> m, (a, b) -> a));
    for (Map.Entry<String, List<Device>> entry : devicesByUser.entrySet()) {
      String user = entry.getKey();
      Set<Long> expected = ledger.expectedFor(user);
      List<List<Seen>> streams = new ArrayList<>();
      for (Device device : entry.getValue()) {
        List<Seen> seen = device.seen();
        streams.add(seen);
        total += seen.size();
        min = Math.min(min, seen.size());
        max = Math.max(max, seen.size());
        checkDevice(device, seen, expected, ledger, byId, tally);
      }
      List<Seen> first = streams.get(0);
      for (int d = 1; d < streams.size(); d++) {
        compareOrder(user, first, streams.get(d), d, tally);
      }
      for (int i = 1; i < first.size(); i++) {
        long gap = first.get(i).seq() - first.get(i - 1).seq() - 1;
        if (gap > 0) {
          skipped += gap;
          gaps++;
        }
      }
      if (!first.isEmpty()) {
        firstMin = Math.min(firstMin, first.get(0).seq());
        firstMax = Math.max(firstMax, first.get(0).seq());
      }
    }
    return new StreamStats(total, min == Long.MAX_VALUE ? 0 : min, max, skipped, gaps,
        firstMin == Long.MAX_VALUE ? 0 : firstMin, firstMax);
  }

  private static void checkDevice(Device device, List<Seen> seen, Set<Long> expected, Ledger ledger,
      Map<Long, Outgoing> ackedById, Tally tally) {
    Map<Long, Seen> byId = new HashMap<>();
    Map<String, Long> idByClientMsgId = new HashMap<>();
    long previous = 0;
    for (Seen s : seen) {
      if (s.seq() <= previous) {
        tally.violation(device + ": seq " + s.seq() + " after " + previous);
      }
      previous = s.seq();
      if (s.type().equals("read")) {
        if (!ledger.wasReadAsked(s.conversationId(), s.from(), s.messageId())) {
          tally.violation(device + ": seq " + s.seq() + " says " + s.from() + " read " + s.conversationId() + " up to "
              + s.messageId() + ", a marker it never set");
        }
        continue;
      }
      if (s.type().equals("presence")) {
        if (s.from().equals(device.user)) {
          tally.violation(device + ": seq " + s.seq() + " tells the user of their own presence: " + s);
        }
        continue;
      }
      if (s.type().equals("member")) {
        Group group = ledger.group(s.conversationId());
        if (group == null || !group.members().contains(device.user)) {
          tally.violation(device + ": seq " + s.seq() + " is a member update of a group it is not in: " + s);
        }
        continue;
      }
      Seen earlier = byId.putIfAbsent(s.messageId(), s);
      if (earlier != null) {
        tally.violation(device + ": message " + s.messageId() + " (" + s.clientMsgId() + ") delivered twice, seqs "
            + earlier.seq() + " and " + s.seq());
      }
      Outgoing sent = s.clientMsgId() == null ? null : ledger.byClientMsgId(s.clientMsgId());
      if (sent == null) {
        tally.violation(device + ": seq " + s.seq() + " holds message " + s.messageId() + " nobody sent ("
            + s.clientMsgId() + ")");
        continue;
      }
      if (!sent.recipients().contains(device.user)) {
        tally.violation(device + ": got a message of " + sent.conversationId() + " at seq " + s.seq());
      }
      if (!sent.from.equals(s.from()) || !Objects.equals(sent.to, s.to()) || !sent.text.equals(s.text())
          || !sent.conversationId().equals(s.conversationId())) {
        tally.violation(device + ": seq " + s.seq() + " altered message " + sent.clientMsgId + ": " + s);
      }
      Long other = idByClientMsgId.putIfAbsent(s.clientMsgId(), s.messageId());
      if (other != null && other != s.messageId()) {
        tally.violation(device + ": clientMsgId " + s.clientMsgId() + " delivered as two messages, " + other
            + " and " + s.messageId() + " (seq " + s.seq() + ")");
      }
      if (sent.acked() && sent.ackId() != s.messageId()) {
        tally.violation(device + ": seq " + s.seq() + " holds message " + s.messageId() + " for clientMsgId "
            + s.clientMsgId() + ", which was acknowledged as " + sent.ackId());
      }
    }
    List<Long> lost = expected.stream().filter(id -> !byId.containsKey(id)).sorted().toList();
    if (!lost.isEmpty()) {
      tally.add("lost", lost.size());
      tally.violation(device + ": " + lost.size() + " acknowledged messages never delivered, e.g. "
          + lost.stream().limit(LISTED).map(id -> describe(id, ackedById.get(id))).toList()
          + "; its cursor is " + device.cursor());
    }
  }

  private static String describe(long id, Outgoing m) {
    return id + " (" + (m == null ? "?" : m.clientMsgId) + ", created " + MessageIds.instantOf(id)
        + ", acknowledged " + (m == null ? "?" : m.ackedAt()) + ")";
  }

  private static void compareOrder(String user, List<Seen> a, List<Seen> b, int number, Tally tally) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (!a.get(i).equals(b.get(i))) {
        tally.violation(user + ": device-0 and device-" + number + " differ at update " + i + ": " + a.get(i)
            + " vs " + b.get(i));
        return;
      }
    }
    if (a.size() != b.size()) {
      tally.violation(user + ": device-0 saw " + a.size() + " updates, device-" + number + " saw " + b.size());
    }
  }

  /**
   * One order per group: for any two messages of a group, every member's stream holds them in the
   * same relative order (each member's first device against the first member's; a message one of
   * them lacks is reported as lost by {@link #checkStreams}).
   *
   * @return how many group messages the first members received, in all groups
   */
  static long checkGroupOrder(Map<String, List<Device>> devicesByUser, Ledger ledger, Tally tally) {
    long checked = 0;
    for (Group group : ledger.groups()) {
      List<Long> reference = null;
      String referenceUser = null;
      for (String member : group.members()) {
        List<Long> order = devicesByUser.get(member).get(0).seen().stream()
            .filter(s -> s.isMessage() && group.id().equals(s.conversationId()))
            .map(Seen::messageId)
            .toList();
        if (reference == null) {
          reference = order;
          referenceUser = member;
          checked += order.size();
          continue;
        }
        Set<Long> common = new HashSet<>(reference);
        common.retainAll(new HashSet<>(order));
        List<Long> theirs = order.stream().filter(common::contains).toList();
        List<Long> ours = reference.stream().filter(common::contains).toList();
        for (int i = 0; i < ours.size(); i++) {
          if (!ours.get(i).equals(theirs.get(i))) {
            tally.violation("group " + group.id() + ": " + referenceUser + " and " + member + " order its messages"
                + " differently, from the " + (i + 1) + "th they share: " + ours.get(i) + " vs " + theirs.get(i));
            break;
          }
        }
      }
    }
    return checked;
  }

  /**
   * Every acknowledged message is in its conversation's history exactly once, and history holds no
   * message nobody sent nor a second message for one clientMsgId.
   *
   * @return how many messages history holds in all
   */
  static long checkHistory(Map<String, List<Message>> historyByConversation, Ledger ledger, Tally tally) {
    Map<String, List<Outgoing>> acked = ledger.all().stream()
        .filter(Outgoing::acked)
        .collect(Collectors.groupingBy(Outgoing::conversationId));
    long held = 0;
    for (Map.Entry<String, List<Outgoing>> entry : acked.entrySet()) {
      String conversation = entry.getKey();
      List<Message> messages = historyByConversation.getOrDefault(conversation, List.of());
      held += messages.size();
      Set<Long> ids = new HashSet<>();
      for (Message message : messages) {
        long id = message.id();
        if (!ids.add(id)) {
          tally.violation("history of " + conversation + " lists message " + id + " twice");
        }
        String clientMsgId = message.clientMsgId();
        Outgoing sent = clientMsgId == null ? null : ledger.byClientMsgId(clientMsgId);
        if (sent == null) {
          tally.violation("history of " + conversation + " holds message " + id + " nobody sent: " + message);
        } else if (sent.acked() && sent.ackId() != id) {
          tally.violation("history of " + conversation + " holds message " + id + " for clientMsgId " + clientMsgId
              + ", which was acknowledged as " + sent.ackId());
        }
      }
      List<String> missing = entry.getValue().stream()
          .filter(m -> !ids.contains(m.ackId()))
          .map(m -> m.clientMsgId + "=" + m.ackId())
          .toList();
      if (!missing.isEmpty()) {
        tally.add("history.missing", missing.size());
        tally.violation("history of " + conversation + " lacks " + missing.size() + " acknowledged messages, e.g. "
            + missing.subList(0, Math.min(LISTED, missing.size())));
      }
    }
    return held;
  }
}
