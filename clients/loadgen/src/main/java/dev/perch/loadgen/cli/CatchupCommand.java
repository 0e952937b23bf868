package dev.perch.loadgen.cli;

import dev.perch.loadgen.target.Target;
import dev.perch.loadgen.workload.CatchupRun;
import dev.perch.loadgen.workload.CatchupSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code catchup}: a poller that missed N updates drains them. */
@Command(name = "catchup", mixinStandardHelpOptions = true,
    description = "Fill a fresh recipient's stream with N messages, then drain it with one poller from the oldest; "
        + "report updates/s.")
final class CatchupCommand implements Callable<Integer> {

  @Mixin
  TargetOptions targets;

  @Option(names = {"-N", "--updates"}, defaultValue = "10000", description = "Messages missed. Default: ${DEFAULT-VALUE}.")
  int updates;

  @Option(names = "--rounds", defaultValue = "3", description = "Repetitions, each on a fresh recipient. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--publish-concurrency", defaultValue = "64",
      description = "Publishes outstanding at once while filling. Default: ${DEFAULT-VALUE}.")
  int publishConcurrency;

  @Option(names = "--max-seconds", defaultValue = "120", description = "Limit per round. Default: ${DEFAULT-VALUE}.")
  int maxSeconds;

  @Override
  public Integer call() {
    return Runs.each(targets, kind -> {
      try (Target target = targets.open(kind, Runs.newPrefix(), 1)) {
        CatchupSettings settings = new CatchupSettings(updates, rounds, publishConcurrency, Duration.ofSeconds(maxSeconds),
            targets.server(kind));
        return CatchupRun.run(target, settings, 0);
      }
    }, System.out);
  }
}
