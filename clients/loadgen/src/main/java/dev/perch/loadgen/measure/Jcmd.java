package dev.perch.loadgen.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code jcmd} against a JVM, preferring the one beside this generator's own {@code java}. */
final class Jcmd {

  private Jcmd() {}

  /** The output of {@code jcmd PID command...}; throws when it fails or takes over a minute. */
  static String run(long pid, String... command) {
    Path jcmd = ProcessHandle.current().info().command().map(Path::of)
        .map(java -> java.resolveSibling("jcmd")).filter(Files::isExecutable).orElse(Path.of("jcmd"));
    List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    line.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run jcmd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for jcmd", e);
    }
  }

  /** Whether {@code process} runs a JVM that jcmd can reach. */
  static boolean isJvm(ProcessHandle process) {
    return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
  }
}
