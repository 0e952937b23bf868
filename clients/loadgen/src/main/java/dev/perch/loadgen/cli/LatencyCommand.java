package dev.perch.loadgen.cli;

import dev.perch.loadgen.report.Report;
import dev.perch.loadgen.target.Target;
import dev.perch.loadgen.workload.LatencyRun;
import dev.perch.loadgen.workload.LatencySettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latency}: a fixed send rate to S pollers; delivery latency and delivery accounting. */
@Command(name = "latency", mixinStandardHelpOptions = true,
    description = "Publish at a fixed rate to S long-polling recipients; report publish-to-receipt latency "
        + "(p50/p95/p99/max) and lost, duplicate and out-of-order counts.")
final class LatencyCommand implements Callable<Integer> {

  @Mixin
  TargetOptions targets;

  @Mixin
  PollerOptions polling;

  @Option(names = "--rate", defaultValue = "1000", description = "Messages per second. Default: ${DEFAULT-VALUE}.")
  double messagesPerSecond;

  @Option(names = "--seconds", defaultValue = "30", description = "How long to publish. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--warmup-seconds", defaultValue = "5",
      description = "A run at the same rate first, on other recipients, not reported. Default: ${DEFAULT-VALUE}.")
  double warmupSeconds;

  @Override
  public Integer call() {
    return Runs.each(targets, kind -> {
      try (Target target = targets.open(kind, Runs.newPrefix(), 1)) {
        LatencySettings settings = polling.settings(messagesPerSecond, Duration.ofMillis((long) (seconds * 1000)), targets.server(kind));
        int first = 0;
        if (warmupSeconds > 0) {
          LatencyRun.run(target, first, settings.lasting(Duration.ofMillis((long) (warmupSeconds * 1000))));
          first += polling.pollers;
        }
        Report report = LatencyRun.run(target, first, settings).report("latency", kind).param("warmup_s", warmupSeconds);
        target.describe(report);
        return report;
      }
    }, System.out);
  }
}
