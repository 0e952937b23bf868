package dev.perch.loadgen.cli;

import dev.perch.loadgen.measure.ServerProcesses;
import dev.perch.loadgen.workload.LatencySettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The pollers of the fixed-rate workloads (latency and throughput). */
final class PollerOptions {

  @Option(names = {"-S", "--pollers"}, defaultValue = "1000",
      description = "Recipients, each long-polled by its own loop. Default: ${DEFAULT-VALUE}.")
  int pollers;

  @Option(names = "--poll-timeout", defaultValue = "25",
      description = "Seconds each Perch poll may wait (Nchan: its configured subscriber timeout). Default: ${DEFAULT-VALUE}.")
  int pollTimeoutSeconds;

  @Option(names = "--drain-seconds", defaultValue = "10",
      description = "After the last publish, how long to wait for the last deliveries. Default: ${DEFAULT-VALUE}.")
  int drainSeconds;

  @Option(names = "--group",
      description = "Make the S pollers the members of one group (Perch: POST /v1/groups, at most 256; Nchan: one channel) "
          + "and send every message to it: each message is S deliveries.")
  boolean group;

  LatencySettings settings(double rate, Duration duration, ServerProcesses server) {
    return new LatencySettings(pollers, rate, duration, Duration.ofSeconds(pollTimeoutSeconds), Duration.ofSeconds(drainSeconds),
        server, group);
  }
}
