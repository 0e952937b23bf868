package dev.perch.api.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.api.ApiTestSupport;
import dev.perch.api.auth.JwtSecret;
import dev.perch.api.auth.Tokens;
import dev.perch.api.checker.Ledger.Group;
import dev.perch.client.Message;
import dev.perch.client.PerchClient;
import dev.perch.client.Update;
import dev.perch.model.UserId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The history checker: proves the delivery guarantees of DESIGN.md on the durable backend while
 * things break. Two Perch nodes run as child processes on the local Redis and Cassandra. Senders
 * send at least {@value #MESSAGES} messages among {@value #USERS} users with unique clientMsgIds,
 * some to {@value #GROUPS} groups of {@value #GROUP_SIZE} (overlapping; several senders per group
 * at once), repeating each request until it is acknowledged, and after some a recipient marks the
 * conversation read (see {@link Senders}); two devices per user poll
 * with their own cursors on random nodes, with random timeouts and disconnects (see {@link Device}).
 * With the load running it stops Redis, and then Cassandra with SIGTERM, holding each down until
 * {@value #OUTAGE_SENDS} sends were answered meanwhile (each judged by {@link Outage}: while Redis
 * is down sends succeed, while Cassandra is down they answer 503 within 2 s), and starts it again;
 * kills Cassandra with SIGKILL and starts it, and kills one Perch node with SIGKILL and starts it again; between
 * faults it waits until the load makes progress again. Then it stops sending, lets every device
 * catch up, and checks ({@link Verdict}): each acknowledged message reached each device of each of
 * its members exactly once, both devices saw one order with growing seqs, every member of a group
 * holds its messages in one relative order, every {@code read} update names a marker its reader
 * set, each device's cursor is the head of its stream, and history holds every acknowledged
 * message once.
 *
 * <p>Sends, polls and read markers go through {@link PerchHttp}, which shows the checker every
 * answer as it came; set-up (the groups) and the reads after the drain (heads, history) go through
 * the Java client ({@code dev.perch.client}), which retries them.
 *
 * <p>Redis and Cassandra are started again whatever happens (other ITs run after this one); no
 * Perch process outlives the test. Node and service logs are under {@code target/history-checker/}.
 * {@code -Dchecker.rate=N} changes the paced send rate (messages per second).
 */
class HistoryCheckerIT {

  static final int USERS = 50;
  static final int GROUPS = 5;
  static final int GROUP_SIZE = 8;
  static final int DEVICES_PER_USER = 2;
  /** Messages being sent at once at most; each is one sender repeating its request until acknowledged. */
  static final int MAX_SENDERS = 192;
  static final int MESSAGES = 20_000;
  static final double RATE = Double.parseDouble(System.getProperty("checker.rate", "200"));
  /** Acknowledgements to wait for after each fault (and before the first), proving recovery. */
  static final int PROGRESS = 1_000;
  /** Sends to see answered while a service is held down, each judged by {@link Outage}. */
  static final int OUTAGE_SENDS = 200;
  static final Duration PROGRESS_WITHIN = Duration.ofSeconds(90);
  static final Duration NODE_START = Duration.ofSeconds(120);

  private final long startNanos = System.nanoTime();
  private final Tally tally = new Tally();
  private final Ledger ledger = new Ledger(tally);
  private final Outage outage = new Outage(tally);
  private final List<String> faults = new ArrayList<>();
  private Senders senders;
  private CompletableFuture<Void> pollers;
  private CompletableFuture<Void> sending;
  private boolean reported;

  @Test
  @Timeout(value = 9, unit = TimeUnit.MINUTES)
  void everyAcknowledgedMessageReachesEveryDeviceOnceInOrderThroughRedisCassandraAndNodeFaults() throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "history-checker"));
    Services services = new Services(dir.resolve("services.log"));
    assertThat(services.ensureRunning()).as("Redis and Cassandra before the run").isEmpty();
    String namespace = Namespace.fresh("perch_checker_");
    PerchProcess nodeA = PerchProcess.durable(1, namespace, ApiTestSupport.SECRET, dir);
    PerchProcess nodeB = PerchProcess.durable(2, namespace, ApiTestSupport.SECRET, dir);
    PerchHttp http = new PerchHttp();
    Throwable failure = null;
    try {
      print("namespace " + namespace + "; node logs in " + dir.toAbsolutePath());
      long launched = System.nanoTime();
      nodeA.launch();
      nodeB.launch();
      nodeA.awaitHealthy(NODE_START);
      nodeB.awaitHealthy(NODE_START);
      print("nodes healthy on " + nodeA.url() + " and " + nodeB.url() + " after "
          + seconds(Duration.ofNanos(System.nanoTime() - launched)));
      run(services, nodeA, nodeB, http);
    } catch (Throwable t) {
      failure = t;
      status("run failed: " + t);
      if (!reported) {
        printTally();
      }
      throw t;
    } finally {
      // Cancelling ends the load's subscriptions, so nothing of it outlives a failed run.
      for (CompletableFuture<Void> load : Arrays.asList(sending, pollers)) {
        if (load != null) {
          load.cancel(true);
        }
      }
      nodeA.close();
      nodeB.close();
      http.close();
      List<String> problems = services.ensureRunning();
      if (!problems.isEmpty()) {
        IllegalStateException restore = new IllegalStateException("services not restored: " + problems);
        if (failure != null) {
          failure.addSuppressed(restore);
        } else {
          throw restore;
        }
      }
      if (!Boolean.getBoolean("checker.keep")) {
        try {
          Namespace.drop(namespace);
        } catch (RuntimeException e) {
          print("could not drop " + namespace + ": " + e);
        }
      }
    }
  }

  private void run(Services services, PerchProcess nodeA, PerchProcess nodeB, PerchHttp http) {
    List<String> nodes = List.of(nodeA.url(), nodeB.url());
    List<String> users = new ArrayList<>();
    Map<String, String> tokens = new LinkedHashMap<>();
    Tokens minter = new Tokens(JwtSecret.resolve(ApiTestSupport.SECRET, null));
    for (int u = 0; u < USERS; u++) {
      String user = "u" + u;
      users.add(user);
      tokens.put(user, minter.mint(UserId.of(user), Instant.now(), Duration.ofHours(1)));
    }
    Map<String, List<Device>> devices = new LinkedHashMap<>();
    for (String user : users) {
      for (int d = 0; d < DEVICES_PER_USER; d++) {
        devices.computeIfAbsent(user, u -> new ArrayList<>())
            .add(new Device(user, d, tokens.get(user), nodes, http, tally));
      }
    }

    try (PerchClient reads = PerchClient.builder().baseUrl(nodeA.url()).baseUrl(nodeB.url()).token(tokens.get(users.get(0)))
        .eventLoopThreads(1).build()) {
      Map<String, PerchClient> clients = new LinkedHashMap<>();
      tokens.forEach((user, token) -> clients.put(user, reads.withToken(token)));
      loadAndCheck(services, nodeB, nodes, users, tokens, devices, clients, http);
    }
  }

  private void loadAndCheck(Services services, PerchProcess nodeB, List<String> nodes, List<String> users,
      Map<String, String> tokens, Map<String, List<Device>> devices, Map<String, PerchClient> clients, PerchHttp http) {
    List<Group> groups = groups(users, clients);
    AtomicBoolean polling = new AtomicBoolean(true);
    AtomicBoolean faultsDone = new AtomicBoolean(false);
    pollers = Flux.fromIterable(devices.values())
        .flatMapIterable(list -> list)
        .flatMap(device -> device.run(polling::get), USERS * DEVICES_PER_USER)
        .then().toFuture();
    Senders senders = new Senders(http, nodes, users, groups, tokens, Namespace.fresh("m"), ledger, tally, outage);
    this.senders = senders;
    sending = senders.run(MAX_SENDERS, RATE,
        () -> !faultsDone.get() || ledger.plannedCount() < MESSAGES).toFuture();

    awaitProgress("warm-up");
    fault("stop Redis with SIGTERM, hold it down, start it", () -> {
      services.redisStop();
      holdDown("redis");
      services.redisStart();
    });
    awaitProgress("after the Redis restart");
    fault("stop Cassandra with SIGTERM, hold it down, start it", () -> {
      services.cassandraStop();
      holdDown("cassandra");
      services.cassandraStart();
    });
    awaitProgress("after the Cassandra SIGTERM");
    fault("kill Cassandra with SIGKILL, start it", () -> {
      services.cassandraKill();
      services.cassandraStart();
    });
    awaitProgress("after the Cassandra SIGKILL");
    fault("kill Perch node 2 with SIGKILL, start it (same port and node id)", () -> {
      nodeB.kill();
      print("  node 2 healthy again after " + seconds(nodeB.start(NODE_START)));
    });
    awaitProgress("after the node kill");
    faultsDone.set(true);

    bounded("senders finish", Senders.GIVE_UP.plusSeconds(30), sending::isDone);
    status("sending done");
    long drainStart = System.nanoTime();
    bounded("every device catches up", Duration.ofSeconds(60), () -> devices.values().stream()
        .flatMap(List::stream)
        .allMatch(device -> device.hasSeenAll(ledger.expectedFor(device.user))));
    print("drain took " + seconds(Duration.ofNanos(System.nanoTime() - drainStart)));
    polling.set(false);
    bounded("pollers stop", Duration.ofSeconds(30), pollers::isDone);

    checkHeads(devices, clients);
    Verdict.StreamStats streams = Verdict.checkStreams(devices, ledger, tally);
    long inGroups = Verdict.checkGroupOrder(devices, ledger, tally);
    long inHistory = Verdict.checkHistory(history(clients), ledger, tally);
    report(streams, inGroups, inHistory);

    assertThat(tally.violations()).as("%d violations (the first %d listed)", tally.violationCount(),
        tally.violations().size()).isEmpty();
    assertThat(ledger.ackedCount()).as("acknowledged messages").isGreaterThanOrEqualTo(MESSAGES);
    assertThat(faults).as("faults injected").hasSize(4);
    assertThat(senders.mostConcurrentSenders()).as("concurrent senders").isGreaterThanOrEqualTo(8);
  }

  /**
   * Makes the groups before the load starts: group g is {@value #GROUP_SIZE} consecutive users from
   * u(6g) on, so neighbouring groups share members; made by their first user, with the Java client,
   * which sends a creation once (a second group of the same members would hand them member updates
   * of a group the ledger does not know).
   */
  private List<Group> groups(List<String> users, Map<String, PerchClient> clients) {
    List<Group> groups = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      List<String> members = new ArrayList<>();
      for (int k = 0; k < GROUP_SIZE; k++) {
        members.add(users.get((6 * g + k) % users.size()));
      }
      String id = clients.get(members.get(0)).createGroup("group " + g, members.subList(1, members.size()))
          .block(Duration.ofSeconds(30)).id();
      Group group = new Group(id, List.copyOf(members));
      ledger.groupMade(group);
      groups.add(group);
    }
    print("groups " + groups);
    return groups;
  }

  /**
   * After the drain a device's cursor is its stream's head, and nothing follows it (both read with
   * the Java client, which retries a read after a 503 or no answer).
   */
  private void checkHeads(Map<String, List<Device>> devices, Map<String, PerchClient> clients) {
    Flux.fromIterable(devices.values())
        .flatMapIterable(list -> list)
        .flatMap(device -> {
          PerchClient client = clients.get(device.user);
          return Mono.zip(client.poll(null, Duration.ZERO), client.poll(device.cursor(), Duration.ZERO))
              .doOnNext(answers -> {
                long head = answers.getT1().cursor();
                List<Update> after = answers.getT2().updates();
                if (head != device.cursor() || !after.isEmpty()) {
                  tally.violation(device + ": cursor " + device.cursor() + " after the drain, head " + head
                      + ", updates after the cursor: " + after);
                }
              });
        }, 8)
        .then()
        .block(Duration.ofSeconds(60));
  }

  /**
   * Every page of every conversation that has an acknowledged message, read by one of its members
   * with the Java client.
   */
  private Map<String, List<Message>> history(Map<String, PerchClient> clients) {
    Map<String, List<Message>> pages = new ConcurrentHashMap<>();
    Flux.fromIterable(ledger.all())
        .filter(Ledger.Outgoing::acked)
        .distinct(Ledger.Outgoing::conversationId)
        .flatMap(m -> {
          String conversation = m.conversationId();
          List<String> members = m.recipients();
          PerchClient reader = clients.get(members.get(ThreadLocalRandom.current().nextInt(members.size())));
          return reader.history(conversation, null, 500)
              .expand(page -> page.hasNext() ? reader.history(conversation, page.next(), 500) : Mono.empty())
              .doOnNext(page -> pages.computeIfAbsent(conversation, c -> new ArrayList<>()).addAll(page.messages()));
        }, 8)
        .then()
        .block(Duration.ofSeconds(120));
    return pages;
  }

  private void fault(String name, Runnable inject) {
    status("fault " + (faults.size() + 1) + ": " + name);
    LocalTime at = LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
    long started = System.nanoTime();
    inject.run();
    String took = seconds(Duration.ofNanos(System.nanoTime() - started));
    faults.add(name + " (at " + at + ", " + took + ")");
    status("  done in " + took);
  }

  /** With {@code service} down, waits until {@value #OUTAGE_SENDS} sends were answered while it was. */
  private void holdDown(String service) {
    String answered = "send.during_" + service + "_outage.";
    long before = tally.sumOf(answered);
    outage.begin(service);
    try {
      bounded(OUTAGE_SENDS + " sends answered while " + service + " is down", Duration.ofSeconds(60),
          () -> tally.sumOf(answered) - before >= OUTAGE_SENDS);
    } finally {
      outage.end();
    }
    status("  " + service + " down: " + tally.get(answered + "acknowledged") + " sends acknowledged, "
        + tally.get(answered + "503") + " answered 503");
  }

  /** Waits until {@value #PROGRESS} more messages are acknowledged: the load runs and has recovered. */
  private void awaitProgress(String phase) {
    int target = ledger.ackedCount() + PROGRESS;
    long started = System.nanoTime();
    while (true) {
      try {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> ledger.ackedCount() >= target);
        break;
      } catch (ConditionTimeoutException e) {
        if (System.nanoTime() - started > PROGRESS_WITHIN.toNanos()) {
          throw new AssertionError("no progress " + phase + ": fewer than " + PROGRESS
              + " more acknowledgements within " + PROGRESS_WITHIN);
        }
        status("  waiting for progress " + phase);
      }
    }
    status("progress " + phase + " within " + seconds(Duration.ofNanos(System.nanoTime() - started)));
  }

  /** Waits for {@code condition}; a timeout is recorded as a violation, so the checks still run and explain it. */
  private void bounded(String what, Duration atMost, Callable<Boolean> condition) {
    try {
      await(what).atMost(atMost).pollInterval(Duration.ofMillis(250)).until(condition);
    } catch (ConditionTimeoutException e) {
      tally.violation(what + ": not within " + atMost);
    }
  }

  private void status(String line) {
    print(line + "  [planned " + ledger.plannedCount() + ", acknowledged " + ledger.ackedCount()
        + ", send 503s " + tally.sumOf("send.503.") + ", poll 503s " + tally.sumOf("poll.503.")
        + ", transport errors " + (tally.get("send.transport_errors") + tally.get("poll.transport_errors"))
        + ", violations " + tally.violationCount() + "]");
  }

  private void report(Verdict.StreamStats streams, long inGroups, long inHistory) {
    print("==== history checker: " + seconds(Duration.ofNanos(System.nanoTime() - startNanos)) + " in all ====");
    print("users " + USERS + ", devices " + USERS * DEVICES_PER_USER + ", sends paced at " + RATE
        + "/s, most concurrent senders " + (senders == null ? 0 : senders.mostConcurrentSenders())
        + " (at most " + MAX_SENDERS + ")");
    print("messages: planned " + ledger.plannedCount() + ", acknowledged " + ledger.ackedCount()
        + ", send requests " + tally.get("send.requests") + ", retried " + tally.get("send.retries")
        + ", repeats after ack " + tally.get("send.repeats_after_ack")
        + ", concurrent pairs " + tally.get("send.concurrent_pairs")
        + ", abandoned " + tally.get("send.abandoned"));
    print("delivered: " + streams.deliveredTotal() + " updates to " + USERS * DEVICES_PER_USER + " devices (per device "
        + streams.deliveredMin() + ".." + streams.deliveredMax() + "; messages expected "
        + DEVICES_PER_USER * ledger.expectedDeliveries() + ", besides read and member updates)");
    print("groups: " + GROUPS + " of " + GROUP_SIZE + ", " + inGroups + " group messages in one order for every member"
        + "; read markers asked " + tally.get("read.requests") + ", set " + tally.get("read.200"));
    print("seqs: first seq per user " + streams.firstSeqMin() + ".." + streams.firstSeqMax() + ", skipped "
        + streams.skippedSeqs() + " seqs in " + streams.gaps() + " gaps (over " + USERS + " streams)");
    print("history: " + inHistory + " messages in the conversations checked");
    print("503s seen: sends " + tally.sumOf("send.503.") + ", polls " + tally.sumOf("poll.503."));
    print("faults injected " + faults.size() + ": " + faults);
    printTally();
    reported = true;
  }

  private void printTally() {
    tally.counters().forEach((name, value) -> print("  " + name + " = " + value));
    print("violations: " + tally.violationCount());
    tally.violations().forEach(v -> print("  ! " + v));
  }

  private String elapsed() {
    return String.format("%6.1fs", (System.nanoTime() - startNanos) / 1e9);
  }

  private void print(String line) {
    System.out.println("[checker " + elapsed() + "] " + line);
  }

  private static String seconds(Duration duration) {
    return String.format("%.1f s", duration.toMillis() / 1000.0);
  }
}
