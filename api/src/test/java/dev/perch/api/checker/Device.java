package dev.perch.api.checker;

import dev.perch.api.checker.PerchHttp.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One of a user's two pollers: keeps its own cursor from {@code 0} and polls one request at a
 * time, each on a random node with a random timeout (0-5 s) and limit, sometimes disconnecting
 * mid-poll. Errors (503, 429, refused connections while a node is down) back off briefly and poll
 * again with the same cursor. Records every update it is given, in order. An answer that breaks the
 * poll contract (400 invalid_cursor, a seq at or below the cursor, a cursor that is not the last
 * seq, more updates than the limit, no answer well after the timeout) is a violation.
 */
final class Device {

  static final double DISCONNECT_RATE = 0.1;
  /** A poll unanswered this long after its timeout counts as stuck. */
  static final Duration STUCK_AFTER = Duration.ofSeconds(10);
  private static final int[] LIMITS = {5, 25, 100};

  /**
   * One update as this device received it. A {@code message}: its id, clientMsgId, sender,
   * recipient (null in a group), conversation and text. A {@code read}: the marker's message id as
   * {@code messageId}, the reader as {@code from}, the conversation. A {@code member}: the change's
   * author as {@code from}, the group as {@code conversationId}, who was added and removed as {@code text}.
   * A {@code presence}: the peer as {@code from}, its state as {@code text}.
   */
  record Seen(String type, long seq, long messageId, String clientMsgId, String from, String to,
      String conversationId, String text) {

    boolean isMessage() {
      return type.equals("message");
    }
  }

  final String user;
  final int number;
  private final String token;
  private final List<String> nodes;
  private final PerchHttp http;
  private final Tally tally;
  private final List<Seen> seen = new ArrayList<>();
  private final Set<Long> seenIds = ConcurrentHashMap.newKeySet();
  private long cursor;

  Device(String user, int number, String token, List<String> nodes, PerchHttp http, Tally tally) {
    this.user = user;
    this.number = number;
    this.token = token;
    this.nodes = List.copyOf(nodes);
    this.http = http;
    this.tally = tally;
  }

  /** Polls until {@code keepPolling} is false after a poll; completes then. */
  Mono<Void> run(BooleanSupplier keepPolling) {
    return Mono.defer(this::pollOnce).repeat(keepPolling).then();
  }

  synchronized long cursor() {
    return cursor;
  }

  synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Whether the device received every one of these messages. */
  boolean hasSeenAll(Set<Long> ids) {
    return seenIds.containsAll(ids);
  }

  @Override
  public String toString() {
    return user + "/device-" + number;
  }

  private Mono<Void> pollOnce() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String node = nodes.get(random.nextInt(nodes.size()));
    int timeout = random.nextInt(6);
    int limit = LIMITS[random.nextInt(LIMITS.length)];
    boolean disconnect = random.nextDouble() < DISCONNECT_RATE;
    Duration wait = disconnect
        ? Duration.ofMillis(random.nextLong(timeout * 1_000L + 300))
        : Duration.ofSeconds(timeout).plus(STUCK_AFTER);
    long sentCursor = cursor();
    tally.count("poll.requests");
    return http.poll(node, token, sentCursor, timeout, limit)
        .timeout(wait, Mono.fromSupplier(Reply::cancelled))
        .flatMap(reply -> Mono.delay(Duration.ofMillis(handle(reply, node, sentCursor, timeout, limit, disconnect))))
        .then();
  }

  /** Takes one answer in; returns how long to wait before the next poll. */
  private long handle(Reply reply, String node, long sentCursor, int timeout, int limit, boolean disconnect) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String request = this + " poll on " + node + " cursor=" + sentCursor + " timeout=" + timeout + " limit=" + limit;
    if (reply.ok()) {
      int updates = accept(reply.body(), sentCursor, limit, request);
      tally.count(updates == 0 ? "poll.answers_empty" : "poll.answers_with_updates");
      tally.add("poll.updates_received", updates);
      // A pause before the next poll, as a client doing something with what it got would: it lets
      // updates gather, so the load stays mostly on sending.
      return updates == 0 && timeout == 0 ? random.nextLong(300, 700) : random.nextLong(100, 400);
    }
    switch (reply.status()) {
      case Reply.CANCELLED -> {
        if (disconnect) {
          tally.count("poll.disconnects");
        } else {
          tally.count("poll.stuck");
          tally.violation(request + ": no answer within timeout + " + STUCK_AFTER);
        }
        return random.nextLong(0, 100);
      }
      case Reply.TRANSPORT -> {
        tally.count("poll.transport_errors");
        return random.nextLong(100, 400);
      }
      case 503, 429 -> {
        tally.count("poll." + reply.status() + "." + reply.code());
        return random.nextLong(200, 600);
      }
      default -> {
        tally.count("poll." + reply.status() + "." + reply.code());
        tally.violation(request + " answered " + reply.describe());
        return 1_000;
      }
    }
  }

  /** Checks an answer against the poll contract and records its updates; returns how many. */
  private synchronized int accept(JsonNode body, long sentCursor, int limit, String request) {
    if (body == null || !body.has("cursor") || !body.has("updates")) {
      tally.violation(request + " answered 200 without cursor and updates: " + body);
      return 0;
    }
    if (sentCursor != cursor) {
      throw new IllegalStateException(this + " polled twice at once");
    }
    JsonNode updates = body.get("updates");
    long answered = Long.parseLong(body.get("cursor").asText());
    if (updates.size() > limit) {
      tally.violation(request + " answered " + updates.size() + " updates, over the limit");
    }
    long last = sentCursor;
    for (JsonNode update : updates) {
      long seq = update.get("seq").asLong();
      if (seq <= last) {
        tally.violation(request + " answered seq " + seq + " after " + last);
      }
      last = seq;
      Seen s = seen(seq, update);
      seen.add(s);
      if (s.isMessage()) {
        seenIds.add(s.messageId());
      }
    }
    if (answered != last) {
      tally.violation(request + " answered cursor " + answered + " but its last seq is " + last);
    }
    cursor = answered;
    return updates.size();
  }

  private static Seen seen(long seq, JsonNode update) {
    String type = update.get("type").asText();
    return switch (type) {
      case "message" -> {
        JsonNode message = update.get("message");
        yield new Seen(type, seq, Long.parseLong(message.get("id").asText()), text(message, "clientMsgId"),
            text(message, "from"), text(message, "to"), text(message, "conversationId"), text(message, "text"));
      }
      case "read" -> {
        JsonNode read = update.get("read");
        yield new Seen(type, seq, Long.parseLong(read.get("upTo").asText()), null, text(read, "user"), null,
            text(read, "conversationId"), null);
      }
      case "presence" -> {
        JsonNode presence = update.get("presence");
        yield new Seen(type, seq, 0, null, text(presence, "user"), null, null, text(presence, "state"));
      }
      default -> {
        JsonNode member = update.get("member");
        yield new Seen(type, seq, 0, null, text(member, "by"), null, text(member, "groupId"),
            "added " + member.get("added") + " removed " + member.get("removed"));
      }
    };
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null ? null : value.asText();
  }
}
