package dev.perch.loadgen.workload;

import dev.perch.loadgen.measure.ServerProcesses;
import java.time.Duration;

/**
 * A catch-up run.
 *
 * @param updates messages published before the poller starts (10,000 in the benchmarks)
 * @param rounds repetitions, each on a fresh recipient
 * @param publishConcurrency publishes outstanding at once while filling the stream
 * @param roundLimit the most one round (fill and drain) may take
 * @param server the server processes whose CPU time while draining the run measures
 */
public record CatchupSettings(int updates, int rounds, int publishConcurrency, Duration roundLimit, ServerProcesses server) {

  public CatchupSettings {
    if (updates < 1 || rounds < 1 || publishConcurrency < 1) {
      throw new IllegalArgumentException("updates, rounds and concurrency must be positive");
    }
  }
}
