package dev.perch.api.checker;

import dev.perch.api.checker.Ledger.Group;
import dev.perch.api.checker.Ledger.Outgoing;
import dev.perch.api.checker.PerchHttp.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sending half of the load: paced concurrent senders, each sending one message (a random
 * sender and a different random recipient from the user pool, or a random member to one of the
 * groups; a unique clientMsgId) and repeating
 * the very same request, on a random node, until it is acknowledged with a 2xx:
 * after a 503 (waiting its Retry-After), a refused or reset connection, a client timeout, or an
 * attempt the sender abandons on purpose a few milliseconds in. Some first attempts go to both
 * nodes at once; some acknowledged messages are sent once more, which must answer 200 with the same
 * message. After some acknowledgements a recipient marks the conversation read up to that message
 * (a few attempts; the marker each reader asks for is recorded first).
 */
final class Senders {

  /** First attempts sent to both nodes at once. */
  static final double CONCURRENT_PAIR_RATE = 0.02;
  /** Attempts the sender abandons (cancels) 1-60 ms in, as a client whose timeout fired would. */
  static final double ABANDON_RATE = 0.03;
  /** Acknowledged messages sent once more. */
  static final double REPEAT_RATE = 0.05;
  /** Messages sent to a group. */
  static final double GROUP_RATE = 0.1;
  /** Acknowledged messages a recipient then marks read. */
  static final double READ_RATE = 0.03;
  private static final int READ_ATTEMPTS = 3;
  /** Longer than any send may take on the server (fan-out deadline plus a request timeout). */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
  /** A message not acknowledged by then counts as a violation and is given up. */
  static final Duration GIVE_UP = Duration.ofSeconds(120);

  private final PerchHttp http;
  private final List<String> nodes;
  private final List<String> users;
  private final List<Group> groups;
  private final Map<String, String> tokens;
  private final String runId;
  private final Ledger ledger;
  private final Tally tally;
  private final Outage outage;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger sending = new AtomicInteger();
  private final AtomicInteger mostSending = new AtomicInteger();

  Senders(PerchHttp http, List<String> nodes, List<String> users, List<Group> groups, Map<String, String> tokens,
      String runId, Ledger ledger, Tally tally, Outage outage) {
    this.http = http;
    this.nodes = List.copyOf(nodes);
    this.users = List.copyOf(users);
    this.groups = List.copyOf(groups);
    this.tokens = Map.copyOf(tokens);
    this.runId = runId;
    this.ledger = ledger;
    this.tally = tally;
    this.outage = outage;
  }

  /**
   * Starts a message every {@code 1 / perSecond} s until {@code keepGoing} turns false, each one
   * sent by its own sender, at most {@code maxSenders} at once; starts missed while that many are
   * busy are caught up afterwards. Completes when every started message is done.
   */
  Mono<Void> run(int maxSenders, double perSecond, BooleanSupplier keepGoing) {
    return Flux.interval(Duration.ofNanos((long) (1e9 / perSecond)))
        .onBackpressureBuffer()
        .takeWhile(tick -> keepGoing.getAsBoolean())
        .flatMap(tick -> Mono.defer(() -> {
          int busy = sending.incrementAndGet();
          mostSending.accumulateAndGet(busy, Math::max);
          // Counted down before the end reaches flatMap, which may then start the next message.
          return deliver(plan()).doOnTerminate(sending::decrementAndGet).doOnCancel(sending::decrementAndGet);
        }), maxSenders)
        .then();
  }

  /** The most messages that were being sent at once. */
  int mostConcurrentSenders() {
    return mostSending.get();
  }

  private Outgoing plan() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int index = next.getAndIncrement();
    String clientMsgId = runId + "-" + index;
    if (random.nextDouble() < GROUP_RATE) {
      Group group = groups.get(random.nextInt(groups.size()));
      String from = group.members().get(random.nextInt(group.members().size()));
      return ledger.plan(index, from, null, group, clientMsgId, "#" + index + " " + from + " to " + group.id());
    }
    String from = users.get(random.nextInt(users.size()));
    String to = users.get(random.nextInt(users.size() - 1));
    if (to.equals(from)) {
      to = users.get(users.size() - 1);
    }
    return ledger.plan(index, from, to, null, clientMsgId, "#" + index + " " + from + " to " + to);
  }

  private Mono<Void> deliver(Outgoing m) {
    long giveUpAt = System.nanoTime() + GIVE_UP.toNanos();
    return untilAcknowledged(m, 0, false, giveUpAt)
        .then(Mono.defer(() -> m.acked() && ThreadLocalRandom.current().nextDouble() < REPEAT_RATE
            ? untilAcknowledged(m, 0, true, System.nanoTime() + GIVE_UP.toNanos())
            : Mono.empty()))
        .then(Mono.defer(() -> m.acked() && ThreadLocalRandom.current().nextDouble() < READ_RATE
            ? markRead(m, 0)
            : Mono.empty()));
  }

  /** A recipient other than the sender marks the conversation read up to {@code m}. */
  private Mono<Void> markRead(Outgoing m, int attempt) {
    return Mono.defer(() -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      List<String> readers = m.recipients().stream().filter(user -> !user.equals(m.from)).toList();
      String reader = readers.get(random.nextInt(readers.size()));
      ledger.readAsked(m.conversationId(), reader, m.ackId());
      tally.count("read.requests");
      return http.markRead(nodes.get(random.nextInt(nodes.size())), tokens.get(reader), m.conversationId(), m.ackId())
          .flatMap(reply -> judgeRead(m, reader, reply, attempt));
    });
  }

  private Mono<Void> judgeRead(Outgoing m, String reader, Reply reply, int attempt) {
    if (reply.ok()) {
      tally.count("read.200");
      return Mono.empty();
    }
    tally.count("read." + reply.status() + "." + reply.code());
    if (reply.status() != 503 && reply.status() != Reply.TRANSPORT) {
      tally.violation("read marker of " + reader + " on " + m.clientMsgId + " answered " + reply.describe());
      return Mono.empty();
    }
    return attempt + 1 < READ_ATTEMPTS
        ? Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextLong(200, 600))).then(markRead(m, attempt + 1))
        : Mono.empty();
  }

  /** Repeats the request until a 2xx; each attempt's outcome says how long to wait before the next. */
  private Mono<Void> untilAcknowledged(Outgoing m, int attempt, boolean repeat, long giveUpAt) {
    return Mono.defer(() -> {
      if (System.nanoTime() - giveUpAt > 0) {
        tally.violation("clientMsgId " + m.clientMsgId + (repeat ? " (repeat)" : "") + " not acknowledged after "
            + attempt + " attempts in " + GIVE_UP);
        tally.count("send.given_up");
        return Mono.empty();
      }
      Mono<Long> outcome = !repeat && attempt == 0 && ThreadLocalRandom.current().nextDouble() < CONCURRENT_PAIR_RATE
          ? pair(m)
          : attempt(m, nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())), attempt, repeat);
      return outcome.flatMap(backoff -> backoff < 0
          ? Mono.<Void>empty()
          : Mono.delay(Duration.ofMillis(backoff)).then(untilAcknowledged(m, attempt + 1, repeat, giveUpAt)));
    });
  }

  /** The same first attempt on every node at once. */
  private Mono<Long> pair(Outgoing m) {
    tally.count("send.concurrent_pairs");
    return Flux.fromIterable(nodes)
        .flatMap(node -> attempt(m, node, 0, false))
        .reduce((a, b) -> a < 0 || b < 0 ? -1L : Math.max(a, b));
  }

  /** One request; -1 when acknowledged, else the milliseconds to wait before trying again. */
  private Mono<Long> attempt(Outgoing m, String node, int attempt, boolean repeat) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    tally.count("send.requests");
    if (attempt > 0) {
      tally.count("send.retries");
    }
    if (repeat && attempt == 0) {
      tally.count("send.repeats_after_ack");
    }
    boolean abandon = random.nextDouble() < ABANDON_RATE;
    Duration wait = abandon ? Duration.ofMillis(1 + random.nextInt(60)) : SEND_TIMEOUT;
    Outage.Window during = outage.now();
    long started = System.nanoTime();
    Mono<Reply> send = m.group == null
        ? http.send(node, tokens.get(m.from), "to", m.to, m.text, m.clientMsgId)
        : http.send(node, tokens.get(m.from), "group", m.group.id(), m.text, m.clientMsgId);
    return send
        .timeout(wait, Mono.fromSupplier(Reply::cancelled))
        .doOnNext(reply -> outage.judgeSend(during, reply, Duration.ofNanos(System.nanoTime() - started)))
        .map(reply -> judge(m, reply, repeat, abandon));
  }

  private long judge(Outgoing m, Reply reply, boolean repeat, boolean abandoned) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (reply.ok()) {
      tally.count("send." + reply.status());
      ledger.acknowledged(m, reply, repeat);
      return -1;
    }
    switch (reply.status()) {
      case Reply.CANCELLED -> {
        if (abandoned) {
          tally.count("send.abandoned");
        } else {
          tally.count("send.client_timeouts");
          tally.violation("send " + m.clientMsgId + " not answered within " + SEND_TIMEOUT);
        }
        return random.nextLong(20, 200);
      }
      case Reply.TRANSPORT -> {
        tally.count("send.transport_errors");
        return random.nextLong(100, 500);
      }
      case 503 -> {
        tally.count("send.503." + reply.code());
        if (reply.retryAfterSeconds() < 0) {
          tally.violation("send 503 without Retry-After: " + reply.describe());
        }
        long retryAfter = Math.max(0, Math.min(reply.retryAfterSeconds(), 2)) * 1_000;
        return retryAfter + random.nextLong(0, 300);
      }
      default -> {
        tally.count("send." + reply.status());
        tally.violation("send " + m.clientMsgId + " answered " + reply.describe());
        return 1_000;
      }
    }
  }
}
