package dev.perch.loadgen.cli;

import dev.perch.loadgen.Loadgen;
import dev.perch.loadgen.target.Target;
import dev.perch.loadgen.workload.ParkedRun;
import dev.perch.loadgen.workload.ParkedSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parked}: S idle long-polls, the server's memory per poll, and proof each still wakes. */
@Command(name = "parked", mixinStandardHelpOptions = true,
    description = "Hold S idle long-polls from child processes, sample the server's RSS/PSS (and JVM heap) before "
        + "and after, then publish one message to each and count the polls it woke.")
final class ParkedCommand implements Callable<Integer> {

  @Mixin
  TargetOptions targets;

  @Option(names = {"-S", "--polls"}, defaultValue = "1000", description = "Idle long-polls to hold. Default: ${DEFAULT-VALUE}.")
  int polls;

  @Option(names = "--per-process", defaultValue = "15000",
      description = "Most polls one child process holds (20,000 open files per process here). Default: ${DEFAULT-VALUE}.")
  int perProcess;

  @Option(names = "--sources", defaultValue = "1",
      description = "Loopback source addresses 127.0.0.1..N to spread poll connections over (each has ~28,000 "
          + "ephemeral ports). Default: ${DEFAULT-VALUE}.")
  int sources;

  @Option(names = "--poll-timeout", defaultValue = "60",
      description = "Seconds each Perch poll waits before it is answered empty and sent again. Default: ${DEFAULT-VALUE}.")
  int pollTimeoutSeconds;

  @Option(names = "--settle-seconds", defaultValue = "5",
      description = "Pause after every poll was sent, before sampling. Default: ${DEFAULT-VALUE}.")
  int settleSeconds;

  @Option(names = "--rounds", defaultValue = "5",
      description = "Wakes of every parked poll, one message to each per round, each round once all polls are back; "
          + "wake_all_s is the last (warm) round's, wake_first_s the first's. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--max-seconds", defaultValue = "600", description = "Limit for the whole run. Default: ${DEFAULT-VALUE}.")
  int maxSeconds;

  @Option(names = "--publish-concurrency", defaultValue = "64",
      description = "Publishes outstanding at once while waking. Default: ${DEFAULT-VALUE}.")
  int publishConcurrency;

  @Override
  public Integer call() {
    ParkedSettings settings = new ParkedSettings(polls, perProcess, Duration.ofSeconds(pollTimeoutSeconds),
        Duration.ofSeconds(settleSeconds), Duration.ofSeconds(maxSeconds), publishConcurrency, rounds);
    return Runs.each(targets, kind -> {
      String prefix = Runs.newPrefix();
      try (Target publisher = targets.open(kind, prefix, 1)) {
        ParkedRun.Children children = (first, count) -> child(kind, prefix, first, count);
        return ParkedRun.run(publisher, settings, children, targets.server(kind))
            .param("sources", sources);
      }
    }, System.out);
  }

  private Process child(String kind, String prefix, int first, int count) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-XX:+UseSerialGC", "-Xms64m", "-Xmx1g",
        "-cp", System.getProperty("java.class.path"),
        Loadgen.class.getName(), "parked-child"));
    command.addAll(targets.childArgs(kind));
    command.addAll(List.of("--prefix", prefix, "--first", Integer.toString(first), "--count", Integer.toString(count),
        "--sources", Integer.toString(sources), "--rounds", Integer.toString(rounds), "--poll-timeout", Integer.toString(pollTimeoutSeconds),
        "--max-seconds", Integer.toString(maxSeconds)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(targets.childEnv());
    return builder.start();
  }
}
