package dev.perch.api.checker;

import dev.perch.api.checker.PerchHttp.Reply;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * What the senders sent and what Perch acknowledged: one {@link Outgoing} per clientMsgId, and per
 * user the ids of the acknowledged messages its devices must see (it is the sender or the
 * recipient, or a member of the group it went to); and every read marker a reader asked for. Checks
 * every 2xx answer on arrival: a clientMsgId names one message id forever, is created (201) at most
 * once, and a repeat after an acknowledgement answers 200. Thread-safe.
 */
final class Ledger {

  /**
   * One message the checker means to send, to a user ({@code to}) or a group ({@code group}, with
   * its {@code members}); its fields never change, its acknowledgement once.
   */
  static final class Outgoing {
    final int index;
    final String from;
    final String to;
    final Group group;
    final String clientMsgId;
    final String text;
    private long ackId;
    private Instant ackedAt;
    private int created;

    Outgoing(int index, String from, String to, Group group, String clientMsgId, String text) {
      this.index = index;
      this.from = from;
      this.to = to;
      this.group = group;
      this.clientMsgId = clientMsgId;
      this.text = text;
    }

    /** Who must receive it: both members, or every member of the group. */
    List<String> recipients() {
      return group == null ? List.of(from, to) : group.members();
    }

    synchronized long ackId() {
      return ackId;
    }

    synchronized boolean acked() {
      return ackId != 0;
    }

    /** When the first acknowledgement arrived, or null. */
    synchronized Instant ackedAt() {
      return ackedAt;
    }

    String conversationId() {
      return group == null ? conversationOf(from, to) : group.id();
    }
  }

  /** A group the checker made; its members never change during the run. */
  record Group(String id, List<String> members) {}

  private final Map<String, Outgoing> byClientMsgId = new ConcurrentHashMap<>();
  private final Map<String, Set<Long>> expectedByUser = new ConcurrentHashMap<>();
  private final Map<String, Set<Long>> askedMarkers = new ConcurrentHashMap<>();
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final AtomicInteger acked = new AtomicInteger();
  private final Tally tally;

  Ledger(Tally tally) {
    this.tally = tally;
  }

  static String conversationOf(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "." + b : b + "." + a;
  }

  Outgoing plan(int index, String from, String to, Group group, String clientMsgId, String text) {
    Outgoing outgoing = new Outgoing(index, from, to, group, clientMsgId, text);
    byClientMsgId.put(clientMsgId, outgoing);
    return outgoing;
  }

  /** Records a 2xx answer to a send of {@code m}; {@code repeat}: sent again after it was acknowledged. */
  void acknowledged(Outgoing m, Reply reply, boolean repeat) {
    JsonNode body = reply.body();
    if (body == null || !body.has("id")) {
      tally.violation("send " + m.clientMsgId + " answered " + reply.describe() + " without a message id");
      return;
    }
    long id = Long.parseLong(body.get("id").asText());
    if (!m.from.equals(text(body, "from")) || !Objects.equals(m.to, text(body, "to")) || !m.text.equals(text(body, "text"))
        || !m.clientMsgId.equals(text(body, "clientMsgId")) || !m.conversationId().equals(text(body, "conversationId"))) {
      tally.violation("send " + m.clientMsgId + " answered a different message: " + body);
    }
    if (repeat && reply.status() != 200) {
      tally.violation("repeat of acknowledged " + m.clientMsgId + " answered " + reply.status() + ", not 200");
    }
    boolean first;
    synchronized (m) {
      first = m.ackId == 0;
      if (first) {
        m.ackId = id;
        m.ackedAt = Instant.now();
      } else if (m.ackId != id) {
        tally.violation("clientMsgId " + m.clientMsgId + " acknowledged as message " + m.ackId + " and as " + id);
      }
      if (reply.status() == 201 && ++m.created > 1) {
        tally.violation("clientMsgId " + m.clientMsgId + " answered 201 (created) " + m.created + " times");
      }
    }
    if (first) {
      for (String user : m.recipients()) {
        expectedByUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(id);
      }
      acked.incrementAndGet();
    }
  }

  void groupMade(Group group) {
    groups.put(group.id(), group);
  }

  /** The group the checker made with this id, or null. */
  Group group(String id) {
    return groups.get(id);
  }

  Collection<Group> groups() {
    return groups.values();
  }

  /** Records that {@code user} asks to mark {@code conversation} read up to {@code upTo}, before it asks. */
  void readAsked(String conversation, String user, long upTo) {
    askedMarkers.computeIfAbsent(conversation + " " + user, k -> ConcurrentHashMap.newKeySet()).add(upTo);
  }

  /** Whether {@code user} ever asked to mark {@code conversation} read up to {@code upTo}. */
  boolean wasReadAsked(String conversation, String user, long upTo) {
    return askedMarkers.getOrDefault(conversation + " " + user, Set.of()).contains(upTo);
  }

  Outgoing byClientMsgId(String clientMsgId) {
    return byClientMsgId.get(clientMsgId);
  }

  /** The acknowledged messages {@code user} sent or received, by message id. */
  Set<Long> expectedFor(String user) {
    return expectedByUser.getOrDefault(user, Set.of());
  }

  /** Message deliveries the acknowledged messages call for, one per recipient (per device: times the devices). */
  long expectedDeliveries() {
    return byClientMsgId.values().stream().filter(Outgoing::acked).mapToLong(m -> m.recipients().size()).sum();
  }

  int ackedCount() {
    return acked.get();
  }

  int plannedCount() {
    return byClientMsgId.size();
  }

  Collection<Outgoing> all() {
    return byClientMsgId.values();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null ? null : value.asText();
  }
}
