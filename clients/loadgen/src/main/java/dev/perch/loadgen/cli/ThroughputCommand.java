package dev.perch.loadgen.cli;

import dev.perch.loadgen.target.Target;
import dev.perch.loadgen.workload.LatencyRun;
import dev.perch.loadgen.workload.LatencySettings;
import dev.perch.loadgen.workload.ThroughputSearch;
import dev.perch.loadgen.workload.ThroughputSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code throughput}: the highest delivered rate with p99 under a limit and nothing lost. */
@Command(name = "throughput", mixinStandardHelpOptions = true,
    description = "Step the publish rate up until a step loses, duplicates or reorders a message, fails a publish, "
        + "misses the p99 limit or falls behind the offered rate; bisect; report the highest sustained delivered msgs/s.")
final class ThroughputCommand implements Callable<Integer> {

  @Mixin
  TargetOptions targets;

  @Mixin
  PollerOptions polling;

  @Option(names = "--start-rate", defaultValue = "1000", description = "First step's rate. Default: ${DEFAULT-VALUE}.")
  double startRate;

  @Option(names = "--factor", defaultValue = "1.5", description = "Rate growth per step. Default: ${DEFAULT-VALUE}.")
  double factor;

  @Option(names = "--max-rate", defaultValue = "100000", description = "No step above this rate. Default: ${DEFAULT-VALUE}.")
  double maxRate;

  @Option(names = "--max-steps", defaultValue = "16", description = "No more steps than this. Default: ${DEFAULT-VALUE}.")
  int maxSteps;

  @Option(names = "--refine", defaultValue = "2",
      description = "Bisections between the last passing and first failing rate. Default: ${DEFAULT-VALUE}.")
  int refine;

  @Option(names = "--step-seconds", defaultValue = "10", description = "Each step's length. Default: ${DEFAULT-VALUE}.")
  double stepSeconds;

  @Option(names = "--p99-ms", defaultValue = "100", description = "A step passes only with p99 below this. Default: ${DEFAULT-VALUE}.")
  double p99LimitMs;

  @Option(names = "--warmup-seconds", defaultValue = "5",
      description = "A run at the start rate first, not reported. Default: ${DEFAULT-VALUE}.")
  double warmupSeconds;

  @Override
  public Integer call() {
    return Runs.each(targets, kind -> {
      try (Target target = targets.open(kind, Runs.newPrefix(), 1)) {
        LatencySettings step = polling.settings(startRate, Duration.ofMillis((long) (stepSeconds * 1000)), targets.server(kind));
        int first = 0;
        if (warmupSeconds > 0) {
          LatencyRun.run(target, first, step.lasting(Duration.ofMillis((long) (warmupSeconds * 1000))));
          first += polling.pollers;
        }
        return ThroughputSearch.run(target, new ThroughputSettings(step, startRate, factor, maxRate, maxSteps, refine, p99LimitMs), first);
      }
    }, System.out);
  }
}
