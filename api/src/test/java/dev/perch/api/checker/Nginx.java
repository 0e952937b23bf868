package dev.perch.api.checker;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An nginx of a test's own in front of Perch nodes, run by the repository's {@code dev/nginx.sh}
 * with the config under test ({@code dev/nginx/nginx.conf.template}) on a free loopback port; its
 * prefix, logs and pid are under {@code dev/.run/nginx-PORT/}. The script's output is appended to
 * one log file. Blocking; call from a test thread only.
 */
final class Nginx implements AutoCloseable {

  /** The script's own bounds: a first install, then start waits up to 20 s, stop up to 15 s. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(300);

  private final Path script;
  private final int port;
  private final List<String> upstreams;
  private final Path log;

  private Nginx(Path script, int port, List<String> upstreams, Path log) {
    this.script = script;
    this.port = port;
    this.upstreams = List.copyOf(upstreams);
    this.log = log;
  }

  /**
   * Starts nginx in front of {@code upstreams} ({@code host:port} each) and returns once it accepts
   * connections.
   *
   * @param log where the script's output goes (appended)
   */
  static Nginx start(List<String> upstreams, Path log) {
    Path script = Path.of("..", "dev", "nginx.sh").toAbsolutePath().normalize();
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException(script + " not found; the test runs with the api module as its working directory");
    }
    Nginx nginx = new Nginx(script, PerchProcess.freePort(), upstreams, log);
    nginx.run("start");
    return nginx;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Its access log: each request with its user key, the nodes tried and their statuses. */
  Path accessLog() {
    return script.getParent().resolve(".run").resolve("nginx-" + port).resolve("access.log");
  }

  /** Stops it (graceful, bounded by the script). */
  @Override
  public void close() {
    run("stop");
  }

  private void run(String command) {
    String line = "PERCH_NGINX_PORT=" + port + " PERCH_NGINX_UPSTREAMS=" + String.join(",", upstreams)
        + " dev/nginx.sh " + command;
    Process process;
    try {
      Files.writeString(log, "$ " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(script.toString(), command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.toFile()))
          .redirectInput(Redirect.from(new File("/dev/null")));
      builder.environment().put("PERCH_NGINX_PORT", Integer.toString(port));
      builder.environment().put("PERCH_NGINX_UPSTREAMS", String.join(",", upstreams));
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(line + " could not be run: " + e, e);
    }
    try {
      if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(line + " did not finish within " + SCRIPT_TIMEOUT + "; see " + log);
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
