package dev.perch.api.checker;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Perch node as a real child process ({@code java -jar target/perch.jar}, durable backend), so
 * it can be killed with SIGKILL and started again on the same port with the same node id. Each
 * start logs to its own file. Blocking; call from a test thread only.
 */
final class PerchProcess implements AutoCloseable {

  private static final Duration HEALTH_PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  private final int nodeId;
  private final int port;
  private final List<String> command;
  private final Path logDir;
  private final HttpClient health = HttpClient.newBuilder().connectTimeout(HEALTH_PROBE_TIMEOUT).build();
  private Process process;
  private Path log;
  private int starts;

  private PerchProcess(int nodeId, int port, List<String> command, Path logDir) {
    this.nodeId = nodeId;
    this.port = port;
    this.command = List.copyOf(command);
    this.logDir = logDir;
  }

  /**
   * A durable node on a free loopback port, sharing the local Redis and Cassandra under
   * {@code namespace} (its keyspace and key prefix), with {@code extraArgs} (further
   * {@code --key=value} properties) after its own. Not started yet.
   */
  static PerchProcess durable(int nodeId, String namespace, String secret, Path logDir, String... extraArgs) {
    Path jar = Path.of("target", "perch.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: the checker runs after `package` (mvn verify)");
    }
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
        "-jar", jar.toString(),
        "--perch.backend=durable",
        "--server.port=" + port,
        "--perch.node-id=" + nodeId,
        "--perch.auth.secret=" + secret,
        "--perch.cql.keyspace=" + namespace,
        "--perch.redis.prefix=" + namespace + ":"));
    command.addAll(List.of(extraArgs));
    return new PerchProcess(nodeId, port, command, logDir);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  int nodeId() {
    return nodeId;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Starts the process and returns once {@code /actuator/health} answers 200, within {@code timeout}. */
  Duration start(Duration timeout) {
    long started = System.nanoTime();
    launch();
    awaitHealthy(timeout);
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** Starts the process without waiting for it; see {@link #awaitHealthy}. */
  void launch() {
    if (alive()) {
      throw new IllegalStateException("node " + nodeId + " is already running");
    }
    starts++;
    log = logDir.resolve("node-" + nodeId + "-start-" + starts + ".log");
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.to(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + nodeId, e);
    }
  }

  /** Returns once {@code /actuator/health} answers 200; fails at once if the process exits. */
  void awaitHealthy(Duration timeout) {
    Process current = process;
    await("node " + nodeId + " healthy on " + url() + " (log " + log + ")")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> {
          if (!current.isAlive()) {
            throw new IllegalStateException("node " + nodeId + " exited with " + current.exitValue()
                + " while starting; see " + log);
          }
          return healthy();
        });
  }

  /** SIGKILL: the process gets no chance to answer anything. Returns once it is gone. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM: a graceful shutdown. Returns the exit code once the process is gone. */
  int terminate() {
    process.destroy();
    return awaitExit();
  }

  @Override
  public void close() {
    if (alive()) {
      kill();
    }
  }

  private int awaitExit() {
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        throw new IllegalStateException("node " + nodeId + " did not exit within " + EXIT_TIMEOUT);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for node " + nodeId, e);
    }
  }

  private boolean healthy() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
        .timeout(HEALTH_PROBE_TIMEOUT)
        .build();
    try {
      return health.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A loopback port nothing listened on a moment ago. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
