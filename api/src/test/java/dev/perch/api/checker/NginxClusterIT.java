package dev.perch.api.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.api.ApiTestSupport;
import dev.perch.api.auth.JwtSecret;
import dev.perch.api.auth.Tokens;
import dev.perch.api.checker.Ledger.Group;
import dev.perch.api.checker.NginxHttp.Answer;
import dev.perch.client.PerchClient;
import dev.perch.model.UserId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/**
 * nginx ({@code dev/nginx.sh}, the config of docs/deployment.md) in front of three durable Perch
 * nodes, child processes on the local Redis and Cassandra; every request of the tests goes through
 * nginx. A request without a token is proxied (Perch refuses it); a stream's events flow through as
 * they happen; all of a user's polls land on one node, whichever of its tokens they carry, and users
 * spread over the three. Then one node is killed with SIGKILL while senders send through nginx (each
 * message repeated with its clientMsgId until acknowledged, {@link Senders}) and two devices per user
 * poll through nginx with their cursors ({@link Device}): every device gets every acknowledged
 * message once, in one order ({@link Verdict}), the victim's users are served by the survivors and
 * everyone else stays where it was, and {@code GET /v1/nodes} drops the victim within its expiry.
 * The node kill runs last. Logs: {@code target/nginx-cluster/}, nginx's under {@code dev/.run/nginx-PORT/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NginxClusterIT {

  static final int USERS = 30;
  static final int DEVICES_PER_USER = 2;
  static final int GROUPS = 2;
  static final int GROUP_SIZE = 5;
  static final int MAX_SENDERS = 32;
  static final double RATE = 40;
  /** Acknowledgements before the kill, and again after it: the load runs, and has recovered. */
  static final int PROGRESS = 300;
  /** Short membership times, so a killed node leaves every view within seconds. */
  static final Duration HEARTBEAT = Duration.ofSeconds(1);
  static final Duration EXPIRY = Duration.ofSeconds(4);
  static final Duration NODE_START = Duration.ofSeconds(120);

  private static final Tokens TOKENS = new Tokens(JwtSecret.resolve(ApiTestSupport.SECRET, null));
  private static final NginxHttp HTTP = new NginxHttp();
  private static final List<PerchProcess> NODES = new ArrayList<>();
  private static Path dir;
  private static String namespace;
  private static Nginx nginx;

  @BeforeAll
  static void startNodesAndNginx() throws IOException {
    dir = Files.createDirectories(Path.of("target", "nginx-cluster"));
    namespace = Namespace.fresh("perch_nginx_");
    for (int id = 1; id <= 3; id++) {
      NODES.add(PerchProcess.durable(id, namespace, ApiTestSupport.SECRET, dir,
          "--perch.cluster.heartbeat=" + HEARTBEAT.toSeconds() + "s", "--perch.cluster.expiry=" + EXPIRY.toSeconds() + "s"));
    }
    NODES.forEach(PerchProcess::launch);
    NODES.forEach(node -> node.awaitHealthy(NODE_START));
    nginx = Nginx.start(NODES.stream().map(NginxClusterIT::upstream).toList(), dir.resolve("nginx.log"));
    await("every node listed through nginx").atMost(Duration.ofSeconds(30))
        .until(() -> listedNodes().equals(List.of(1, 2, 3)));
  }

  @AfterAll
  static void stopAll() {
    try {
      if (nginx != null) {
        nginx.close();
      }
    } finally {
      NODES.forEach(PerchProcess::close);
      Namespace.drop(namespace);
    }
  }

  @Test
  @Order(1)
  void aRequestWithoutATokenIsProxiedAndPerchRefusesIt() {
    Answer answer = HTTP.get(nginx.url() + "/v1/updates?timeout=0", null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.code()).isEqualTo("unauthorized");
    assertThat(answer.upstream()).as("the node that answered").isIn(upstreams());
  }

  @Test
  @Order(2)
  void aStreamsEventsComeThroughAsTheyHappen() throws InterruptedException {
    String text = "through nginx " + namespace;
    try (NginxHttp.Lines stream = HTTP.stream(nginx.url() + "/v1/updates/stream?cursor=0", token("streamer"))) {
      assertThat(stream.next(Duration.ofSeconds(10))).as("the stream's opening keep-alive").isEqualTo(": ping");

      Answer sent = HTTP.post(nginx.url() + "/v1/messages", token("alice"),
          "{\"to\":\"streamer\",\"text\":\"" + text + "\",\"clientMsgId\":\"" + namespace + "-stream\"}");
      assertThat(sent.status()).as("send: %s", sent.text()).isEqualTo(201);

      List<String> event = new ArrayList<>();
      for (String line = stream.next(Duration.ofSeconds(5)); line != null; line = stream.next(Duration.ofSeconds(5))) {
        if (!line.isEmpty()) {
          event.add(line);
        }
        if (line.startsWith("data: ")) {
          break;
        }
      }
      assertThat(event).as("the lines of the event, each within 5 s").hasSize(3);
      assertThat(event.get(1)).isEqualTo("event: message");
      assertThat(event.get(2)).startsWith("data: ").contains(text);
    }
  }

  @Test
  @Order(3)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void allOfAUsersPollsLandOnOneNodeWhicheverTokenTheyCarryAndUsersSpreadOverAllThree() {
    Map<String, Set<String>> servedBy = new LinkedHashMap<>();
    for (int u = 0; u < USERS; u++) {
      String user = "sticky" + u;
      List<String> tokens = List.of(TOKENS.mint(UserId.of(user), Instant.now(), Duration.ofHours(1)),
          TOKENS.mint(UserId.of(user), Instant.now().minusSeconds(60), Duration.ofHours(2)));
      for (String token : tokens) {
        for (int poll = 0; poll < 3; poll++) {
          Answer answer = HTTP.get(nginx.url() + "/v1/updates?timeout=0", token);
          assertThat(answer.status()).as("poll of %s: %s", user, answer.text()).isEqualTo(200);
          servedBy.computeIfAbsent(user, k -> new HashSet<>()).add(answer.upstream());
        }
      }
    }

    servedBy.forEach((user, nodes) -> assertThat(nodes).as("the nodes that served %s", user).hasSize(1));
    assertThat(servedBy.values().stream().flatMap(Set::stream).distinct())
        .as("the nodes serving %d users", USERS).containsExactlyInAnyOrderElementsOf(upstreams());
  }

  @Test
  @Order(4)
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aNodeKilledMidRunHandsItsUsersToTheOthersWithNothingLostOrDuplicated() {
    Tally tally = new Tally();
    Ledger ledger = new Ledger(tally);
    List<String> users = new ArrayList<>();
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int u = 0; u < USERS; u++) {
      String user = "user" + u;
      users.add(user);
      tokens.put(user, token(user));
    }
    Map<String, String> before = servingNodes(tokens);
    PerchProcess victim = NODES.get(1);
    List<PerchProcess> survivors = NODES.stream().filter(node -> node != victim).toList();
    assertThat(before).as("users of the victim before the kill").containsValue(upstream(victim));

    PerchHttp http = new PerchHttp();
    List<String> front = List.of(nginx.url());
    Map<String, List<Device>> devices = new LinkedHashMap<>();
    tokens.forEach((user, token) -> {
      for (int d = 0; d < DEVICES_PER_USER; d++) {
        devices.computeIfAbsent(user, k -> new ArrayList<>()).add(new Device(user, d, token, front, http, tally));
      }
    });
    AtomicBoolean polling = new AtomicBoolean(true);
    AtomicBoolean sending = new AtomicBoolean(true);
    List<CompletableFuture<Void>> load = new ArrayList<>();
    try (PerchClient setUp = PerchClient.builder().baseUrl(nginx.url()).token(tokens.get(users.get(0)))
        .eventLoopThreads(1).build()) {
      List<Group> groups = groups(users, tokens, setUp, ledger);
      CompletableFuture<Void> pollers = Flux.fromIterable(devices.values()).flatMapIterable(list -> list)
          .flatMap(device -> device.run(polling::get), USERS * DEVICES_PER_USER)
          .then().toFuture();
      load.add(pollers);
      CompletableFuture<Void> senders = new Senders(http, front, users, groups, tokens, Namespace.fresh("m"), ledger,
          tally, new Outage(tally)).run(MAX_SENDERS, RATE, sending::get).toFuture();
      load.add(senders);

      awaitAcknowledged(ledger, PROGRESS, "before the kill");
      victim.kill();
      long killed = System.nanoTime();
      print("node " + victim.nodeId() + " (" + upstream(victim) + ") killed with SIGKILL after " + ledger.ackedCount()
          + " acknowledgements");
      awaitAcknowledged(ledger, ledger.ackedCount() + PROGRESS, "after the kill");
      List<Integer> survivorIds = survivors.stream().map(PerchProcess::nodeId).toList();
      await("GET /v1/nodes through nginx drops node " + victim.nodeId())
          .atMost(EXPIRY.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
          .until(() -> listedNodes().equals(survivorIds));
      print("node " + victim.nodeId() + " off /v1/nodes " + seconds(killed) + " after the kill (expiry " + EXPIRY + ")");

      sending.set(false);
      await("senders finish").atMost(Senders.GIVE_UP.plusSeconds(30)).until(senders::isDone);
      await("every device catches up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> devices.values().stream().flatMap(List::stream)
              .allMatch(device -> device.hasSeenAll(ledger.expectedFor(device.user))));
      polling.set(false);
      await("pollers stop").atMost(Duration.ofSeconds(30)).until(pollers::isDone);
    } finally {
      // Cancelling ends the load's subscriptions, so nothing of it outlives a failed run.
      load.forEach(future -> future.cancel(true));
      http.close();
    }

    Verdict.StreamStats streams = Verdict.checkStreams(devices, ledger, tally);
    long inGroups = Verdict.checkGroupOrder(devices, ledger, tally);
    print("acknowledged " + ledger.ackedCount() + " messages, delivered " + streams.deliveredTotal() + " updates to "
        + USERS * DEVICES_PER_USER + " devices, " + inGroups + " group messages in one order; counters "
        + tally.counters());
    assertThat(tally.violations()).as("%d violations (the first %d listed); nginx's log: %s", tally.violationCount(),
        tally.violations().size(), nginx.accessLog()).isEmpty();

    Map<String, String> after = servingNodes(tokens);
    before.forEach((user, node) -> {
      if (node.equals(upstream(victim))) {
        assertThat(after.get(user)).as("%s, a user of the killed node, is served by", user)
            .isIn(survivors.stream().map(NginxClusterIT::upstream).toList());
      } else {
        assertThat(after.get(user)).as("%s, a user of a surviving node, is served by", user).isEqualTo(node);
      }
    });
  }

  /** Makes the groups before the load: group g is {@value #GROUP_SIZE} consecutive users from u(3g) on. */
  private static List<Group> groups(List<String> users, Map<String, String> tokens, PerchClient setUp, Ledger ledger) {
    List<Group> groups = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      List<String> members = users.subList(3 * g, 3 * g + GROUP_SIZE);
      String id = setUp.withToken(tokens.get(members.get(0))).createGroup("group " + g, members.subList(1, GROUP_SIZE))
          .block(Duration.ofSeconds(30)).id();
      Group group = new Group(id, List.copyOf(members));
      ledger.groupMade(group);
      groups.add(group);
    }
    return groups;
  }

  private static void awaitAcknowledged(Ledger ledger, int target, String phase) {
    await(target + " messages acknowledged " + phase).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> ledger.ackedCount() >= target);
  }

  /** The node that serves each user's poll now. */
  private static Map<String, String> servingNodes(Map<String, String> tokens) {
    Map<String, String> serving = new LinkedHashMap<>();
    tokens.forEach((user, token) -> {
      Answer answer = HTTP.get(nginx.url() + "/v1/updates?timeout=0", token);
      assertThat(answer.status()).as("poll of %s: %s", user, answer.text()).isEqualTo(200);
      serving.put(user, answer.upstream());
    });
    return serving;
  }

  /** The node ids {@code GET /v1/nodes} lists, through nginx, ascending. */
  private static List<Integer> listedNodes() {
    Answer answer = HTTP.get(nginx.url() + "/v1/nodes", token("ops"));
    List<Integer> ids = new ArrayList<>();
    if (answer.status() == 200) {
      answer.body().get("nodes").forEach(node -> ids.add(node.get("id").asInt()));
    }
    return ids;
  }

  private static List<String> upstreams() {
    return NODES.stream().map(NginxClusterIT::upstream).toList();
  }

  /** A node as nginx names it in {@code X-Perch-Upstream}. */
  private static String upstream(PerchProcess node) {
    return "127.0.0.1:" + node.port();
  }

  private static String token(String user) {
    return TOKENS.mint(UserId.of(user), Instant.now(), Duration.ofHours(1));
  }

  private static String seconds(long sinceNanos) {
    return String.format("%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
  }

  private static void print(String line) {
    System.out.println("[nginx-cluster] " + line);
  }
}
