package dev.perch.api.checker;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the local Redis and Cassandra through the repository's own scripts ({@code dev/redis.sh},
 * {@code dev/cassandra.sh}), so faults hit the same processes every other IT uses. Every command is
 * bounded; its output is appended to one log file. Call from a test thread only: it blocks.
 */
final class Services {

  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(40);
  private static final int REDIS_PORT = Integer.parseInt(System.getenv().getOrDefault("PERCH_REDIS_PORT", "6379"));
  private static final int CQL_PORT = Integer.parseInt(System.getenv().getOrDefault("PERCH_CASSANDRA_PORT", "9042"));
  /** The scripts' own bounds: start waits up to 120 s, stop up to 30 s plus the lock. */
  private static final Duration CASSANDRA_TIMEOUT = Duration.ofSeconds(180);

  private final Path dev;
  private final Path log;

  /** @param log where the scripts' output goes (appended) */
  Services(Path log) {
    this.dev = Path.of("..", "dev").toAbsolutePath().normalize();
    this.log = log;
    if (!Files.isExecutable(dev.resolve("redis.sh")) || !Files.isExecutable(dev.resolve("cassandra.sh"))) {
      throw new IllegalStateException("dev/redis.sh and dev/cassandra.sh not found under " + dev
          + "; the checker runs with the api module as its working directory");
    }
  }

  void redisStop() {
    run("redis.sh", "stop", REDIS_TIMEOUT);
    requireDown(REDIS_PORT, "redis.sh");
  }

  void redisStart() {
    run("redis.sh", "start", REDIS_TIMEOUT);
  }

  /** SIGTERM by pid; returns once the process is gone. */
  void cassandraStop() {
    run("cassandra.sh", "stop", CASSANDRA_TIMEOUT);
    requireDown(CQL_PORT, "cassandra.sh");
  }

  /** SIGKILL by pid; returns once the process is gone. */
  void cassandraKill() {
    run("cassandra.sh", "kill", CASSANDRA_TIMEOUT);
    requireDown(CQL_PORT, "cassandra.sh");
  }

  /**
   * A fault that was not injected would let the checker pass without testing anything: the dev
   * scripts leave alone a service they did not start (e.g. one started from another checkout).
   */
  private static void requireDown(int port, String script) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
    } catch (IOException refused) {
      return;
    }
    throw new IllegalStateException("fault not injected: port " + port + " still answers after dev/" + script
        + "; stop services started outside this checkout and let ./perch test start them");
  }

  /** Returns once CQL answers. */
  void cassandraStart() {
    run("cassandra.sh", "start", CASSANDRA_TIMEOUT);
  }

  /**
   * Starts whichever service is not running; never throws, so it is safe in a finally block.
   *
   * @return what could not be started, empty when both run
   */
  List<String> ensureRunning() {
    List<String> problems = new ArrayList<>();
    for (String script : List.of("redis.sh", "cassandra.sh")) {
      try {
        run(script, "start", script.equals("redis.sh") ? REDIS_TIMEOUT : CASSANDRA_TIMEOUT);
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private void run(String script, String command, Duration timeout) {
    String line = "dev/" + script + " " + command;
    Process process;
    try {
      Files.writeString(log, "$ " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = new ProcessBuilder(dev.resolve(script).toString(), command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.toFile()))
          .redirectInput(Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException(line + " could not be run: " + e, e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(line + " did not finish within " + timeout + "; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(line + " interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(line + " exited " + process.exitValue() + "; see " + log);
    }
  }
}
