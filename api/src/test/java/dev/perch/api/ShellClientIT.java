package dev.perch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.perch.api.auth.JwtSecret;
import dev.perch.api.auth.Tokens;
import dev.perch.model.UserId;
import dev.perch.poll.WaiterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the real shell client ({@code clients/shell/perch}, on bash, curl and jq) against the server:
 * send, listen with a cursor file, resume, history, and its error reporting. Needs curl and jq on
 * the PATH and fails without them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "perch.auth.secret=" + ShellClientIT.SECRET)
class ShellClientIT {

  static final String SECRET = "shell-client-it-secret-at-least-32-bytes";

  private static final Tokens TOKENS = new Tokens(JwtSecret.resolve(SECRET, null));
  /** Relative to the api module, Maven's working directory for tests. */
  private static final Path SCRIPT = Path.of("..", "clients", "shell", "perch");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort
  int port;

  @Autowired
  WaiterRegistry waiters;

  @TempDir
  Path dir;

  private final AtomicInteger runs = new AtomicInteger();

  @BeforeAll
  static void clientAndToolsPresent() throws Exception {
    assertThat(SCRIPT).as("the shell client").isRegularFile().isExecutable();
    for (String tool : List.of("bash", "curl", "jq")) {
      Process which = new ProcessBuilder("sh", "-c", "command -v " + tool)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!which.waitFor(30, TimeUnit.SECONDS)) {
        which.destroyForcibly();
        fail("looking up " + tool + " did not finish");
      }
      assertThat(which.exitValue()).as(tool + " must be installed: the shell client needs it").isZero();
    }
  }

  @Test
  void sendListenResumeAndHistory() throws Exception {
    String alice = user("alice");
    String bob = user("bob");
    Path cursor = dir.resolve("bob.cursor");

    Run start = perch(bob, cursor, "listen", "--once", "--timeout", "0");
    assertThat(start.exit()).as(start.stderr()).isZero();
    assertThat(start.stdout()).as("nothing yet: no cursor starts at the head").isEmpty();
    assertThat(Files.readString(cursor).trim()).isEqualTo("0");

    Run sent = perch(alice, null, "send", bob, "hi");
    assertThat(sent.exit()).as(sent.stderr()).isZero();
    assertThat(sent.lines()).hasSize(1);
    JsonNode message = JSON.readTree(sent.stdout());
    assertThat(message.get("text").asString()).isEqualTo("hi");
    assertThat(message.get("from").asString()).isEqualTo(alice);
    assertThat(message.get("to").asString()).isEqualTo(bob);
    assertThat(message.get("clientMsgId").asString()).as("a generated idempotency key").isNotBlank();

    Run heard = perch(bob, cursor, "listen", "--once", "--timeout", "5");
    assertThat(heard.exit()).as(heard.stderr()).isZero();
    assertThat(heard.lines()).hasSize(1);
    JsonNode update = JSON.readTree(heard.lines().get(0));
    assertThat(update.get("seq").asLong()).isEqualTo(1);
    assertThat(update.get("type").asString()).isEqualTo("message");
    assertThat(update.get("message").get("id").asString()).isEqualTo(message.get("id").asString());
    assertThat(update.get("message").get("text").asString()).isEqualTo("hi");
    assertThat(Files.readString(cursor).trim()).isEqualTo("1");

    Run resumed = perch(bob, cursor, "listen", "--once", "--timeout", "1");
    assertThat(resumed.exit()).as(resumed.stderr()).isZero();
    assertThat(resumed.stdout()).as("resumed after the update it already printed").isEmpty();
    assertThat(Files.readString(cursor).trim()).isEqualTo("1");

    Run history = perch(bob, null, "history", alice);
    assertThat(history.exit()).as(history.stderr()).isZero();
    assertThat(history.lines()).hasSize(1);
    assertThat(JSON.readTree(history.lines().get(0)).get("id").asString()).isEqualTo(message.get("id").asString());
  }

  @Test
  void groupsAndReadMarkers() throws Exception {
    String alice = user("alice");
    String bob = user("bob");
    String carol = user("carol");

    Run made = perch(alice, null, "group", "new", "ops", bob, carol);
    assertThat(made.exit()).as(made.stderr()).isZero();
    JsonNode group = JSON.readTree(made.stdout());
    String id = group.get("id").asString();
    assertThat(group.get("members").valueStream().map(JsonNode::asString)).containsExactly(alice, bob, carol);

    Run sent = perch(bob, null, "send", id, "hi all");
    assertThat(sent.exit()).as(sent.stderr()).isZero();
    JsonNode message = JSON.readTree(sent.stdout());
    assertThat(message.get("conversationId").asString()).isEqualTo(id);

    Run history = perch(carol, null, "history", id);
    assertThat(history.lines()).extracting(line -> JSON.readTree(line).get("text").asString()).containsExactly("hi all");
    Run read = perch(carol, null, "read", id, message.get("id").asString());
    assertThat(read.exit()).as(read.stderr()).isZero();
    assertThat(JSON.readTree(read.stdout()).get("upTo").asString()).isEqualTo(message.get("id").asString());

    Run refused = perch(bob, null, "group", "remove", id, carol);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr()).contains("not_group_admin");
    Run left = perch(bob, null, "group", "leave", id);
    assertThat(left.exit()).as(left.stderr()).isZero();
    Run shown = perch(alice, null, "group", "show", id);
    assertThat(JSON.readTree(shown.stdout()).get("members").valueStream().map(JsonNode::asString))
        .containsExactly(alice, carol);
    assertThat(perch(alice, null, "group", "rename", id).exit()).as("a usage error").isEqualTo(2);
  }

  @Test
  void presenceOfPeersOnlineAndOfOthersUnknown() throws Exception {
    String alice = user("alice");
    String bob = user("bob");
    String carol = user("carol");
    assertThat(perch(alice, null, "send", bob, "hi").exit()).isZero();
    Path cursor = dir.resolve("presence.cursor");
    assertThat(perch(bob, cursor, "listen", "--once", "--timeout", "0").exit()).isZero();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(perch(alice, null, "--human", "presence",
        bob, carol).lines()).containsExactly(bob + ": online, 0 device(s)", carol + ": unknown (not one of your peers)"));
    Run json = perch(alice, null, "presence", bob);
    assertThat(JSON.readTree(json.stdout()).get("state").asString()).isEqualTo("online");
    assertThat(perch(alice, null, "presence").exit()).as("a usage error").isEqualTo(2);
    Run refused = perch(alice, null, "presence", "bad!id");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr()).contains("invalid_user_id");
  }

  @Test
  void aParkedListenIsAnsweredByTheNextSend() throws Exception {
    String alice = user("alice");
    String bob = user("bob");
    Path cursor = dir.resolve("bob.cursor");
    Files.writeString(cursor, "0\n");

    Started listen = startWithToken(token(bob), cursor, "listen", "--once", "--timeout", "30");
    await().atMost(Duration.ofSeconds(20)).until(() -> waiters.size(UserId.of(bob)) == 1);
    Run sent = perch(alice, null, "send", bob, "wake up");
    assertThat(sent.exit()).as(sent.stderr()).isZero();

    Run heard = listen.await();
    assertThat(heard.exit()).as(heard.stderr()).isZero();
    assertThat(heard.lines()).hasSize(1);
    assertThat(JSON.readTree(heard.lines().get(0)).get("message").get("text").asString()).isEqualTo("wake up");
  }

  @Test
  void historyIsOldestFirstAndKeepsTheNewestWithinTheLimit() throws Exception {
    String alice = user("alice");
    String bob = user("bob");
    for (String text : List.of("one", "two", "three")) {
      Run sent = perch(alice, null, "send", bob, text);
      assertThat(sent.exit()).as(sent.stderr()).isZero();
    }

    Run all = perch(bob, null, "history", alice);
    assertThat(all.exit()).as(all.stderr()).isZero();
    assertThat(all.lines()).extracting(line -> JSON.readTree(line).get("text").asString())
        .containsExactly("one", "two", "three");

    Run newestTwo = perch(bob, null, "history", alice, "2");
    assertThat(newestTwo.exit()).as(newestTwo.stderr()).isZero();
    assertThat(newestTwo.lines()).extracting(line -> JSON.readTree(line).get("text").asString())
        .containsExactly("two", "three");
  }

  @Test
  void aCursorAheadOfTheStreamIsResetToTheHead() throws Exception {
    String bob = user("bob");
    Path cursor = dir.resolve("bob.cursor");
    Files.writeString(cursor, "999\n");

    Run run = perch(bob, cursor, "listen", "--once", "--timeout", "0");

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stderr()).contains("invalid_cursor").contains("resetting the cursor");
    assertThat(Files.readString(cursor).trim()).isEqualTo("0");
  }

  @Test
  void sendingWithoutATokenFailsWithAClearMessage() throws Exception {
    Run run = perch(null, null, "send", user("bob"), "hi");

    assertThat(run.exit()).isNotZero();
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("PERCH_TOKEN is not set");
  }

  @Test
  void aProblemExitsNonZeroWithItsDetailOnStderr() throws Exception {
    Run run = perch(user("alice"), null, "send", user("bob"), "x".repeat(4097));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("text is at most 4096 characters.").contains("text_too_long").contains("400");
  }

  @Test
  void aRefusedTokenExitsNonZero() throws Exception {
    Run run = perchWithToken("not-a-token", null, "listen", "--once", "--timeout", "0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).contains("unauthorized").contains("401");
  }

  @Test
  void humanOutputIsOneReadableLinePerAnswerAndJsonIsTheDefaultOffATerminal() throws Exception {
    String alice = user("alice");
    String bob = user("bob");
    Run sent = perch(alice, null, "--human", "send", bob, "hello there");
    assertThat(sent.exit()).as(sent.stderr()).isZero();
    assertThat(sent.stdout()).matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d] " + alice + " -> " + bob
        + ": hello there  \\(id \\d+\\)\n");

    Path cursor = dir.resolve("human.cursor");
    Files.writeString(cursor, "0\n");
    Run heard = perch(bob, cursor, "--human", "listen", "--once", "--timeout", "0");
    assertThat(heard.lines()).singleElement().asString().startsWith("#1 [").endsWith(": hello there  (id "
        + JSON.readTree(perch(bob, null, "history", alice).lines().get(0)).get("id").asString() + ")");

    Run history = perch(bob, null, "--json", "history", alice);
    assertThat(JSON.readTree(history.lines().get(0)).get("text").asString()).isEqualTo("hello there");
  }

  @Test
  void anUnreachableServerExitsThreeAndAUsageErrorTwo() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Started started = startWithToken(token(user("alice")), null, "group", "show", "g~abc");
    Run reachable = started.await();
    assertThat(reachable.exit()).as(reachable.stderr()).isEqualTo(1);

    Run unreachable = startWithUrl("http://127.0.0.1:" + closedPort, token(user("alice")), "group", "show", "g~abc")
        .await();
    assertThat(unreachable.exit()).isEqualTo(3);
    assertThat(unreachable.stderr()).contains("cannot reach");

    assertThat(perch(user("alice"), null, "send").exit()).isEqualTo(2);
  }

  // -------------------------------------------------------------------------------------------

  private static String user(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String token(String user) {
    return TOKENS.mint(UserId.of(user), Instant.now(), Duration.ofMinutes(10));
  }

  private Run perch(String user, Path cursor, String... args) throws Exception {
    return perchWithToken(user == null ? null : token(user), cursor, args);
  }

  private Run perchWithToken(String token, Path cursor, String... args) throws Exception {
    return startWithToken(token, cursor, args).await();
  }

  /**
   * Starts the script with only the environment it documents. Output goes to files, so a chatty
   * process can never block on a full pipe while the test waits for it.
   */
  private Started startWithToken(String token, Path cursor, String... args) throws IOException {
    return start("http://127.0.0.1:" + port, token, cursor, args);
  }

  private Started startWithUrl(String url, String token, String... args) throws IOException {
    return start(url, token, null, args);
  }

  private Started start(String url, String token, Path cursor, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    int run = runs.incrementAndGet();
    Path out = dir.resolve("run-" + run + ".out");
    Path err = dir.resolve("run-" + run + ".err");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PERCH_"));
    env.put("HOME", dir.toString());
    env.put("PERCH_URL", url);
    if (token != null) {
      env.put("PERCH_TOKEN", token);
    }
    env.put("PERCH_CURSOR_FILE", (cursor == null ? dir.resolve("unused.cursor") : cursor).toString());
    return new Started(builder.start(), out, err);
  }

  private record Started(Process process, Path out, Path err) {

    Run await() throws Exception {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("the shell client did not finish within 30 s; stderr: " + Files.readString(err));
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
  }

  private record Run(int exit, String stdout, String stderr) {

    List<String> lines() {
      return stdout.lines().toList();
    }
  }
}
