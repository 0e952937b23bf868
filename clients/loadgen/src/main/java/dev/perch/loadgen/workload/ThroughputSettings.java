package dev.perch.loadgen.workload;

/**
 * A throughput search.
 *
 * @param step each step's run; its rate is replaced by the step's
 * @param startRate the first step's rate
 * @param factor how much each step's rate grows, above 1
 * @param maxRate no step runs above this rate
 * @param maxSteps no more steps than this, bisections included
 * @param refine bisections between the last passing and the first failing rate
 * @param p99LimitMs a step passes only with p99 below this
 */
public record ThroughputSettings(
    LatencySettings step, double startRate, double factor, double maxRate, int maxSteps, int refine, double p99LimitMs) {

  public ThroughputSettings {
    if (!(startRate > 0) || !(factor > 1) || maxSteps < 1 || refine < 0) {
      throw new IllegalArgumentException("start rate > 0, factor > 1, at least one step");
    }
  }
}
