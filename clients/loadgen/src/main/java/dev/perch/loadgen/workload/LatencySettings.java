package dev.perch.loadgen.workload;

import dev.perch.loadgen.measure.ServerProcesses;
import java.time.Duration;

/**
 * One fixed-rate run.
 *
 * @param pollers recipients, each with its own long-poll loop; message {@code i} goes to recipient
 *     {@code i mod pollers}, or with {@code group} every message to all of them
 * @param rate messages published per second, open loop
 * @param duration how long to publish; {@code rate x duration} messages in all
 * @param pollTimeout how long each poll may wait (Perch's {@code timeout})
 * @param drain how long, after the last publish, to wait for the last deliveries
 * @param server the server processes whose CPU time the run measures
 * @param group whether the pollers are the members of one group that every message goes to
 */
public record LatencySettings(
    int pollers, double rate, Duration duration, Duration pollTimeout, Duration drain, ServerProcesses server, boolean group) {

  public LatencySettings {
    if (pollers < 1 || !(rate > 0) || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("pollers, rate and duration must be positive");
    }
  }

  /** Messages the run publishes. */
  public long messages() {
    return Math.round(rate * duration.toMillis() / 1000.0);
  }

  /** The same run at another rate. */
  public LatencySettings atRate(double newRate) {
    return new LatencySettings(pollers, newRate, duration, pollTimeout, drain, server, group);
  }

  /** The same run for another duration. */
  public LatencySettings lasting(Duration newDuration) {
    return new LatencySettings(pollers, rate, newDuration, pollTimeout, drain, server, group);
  }
}
