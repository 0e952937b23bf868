package dev.perch.loadgen.workload;

import dev.perch.loadgen.report.Report;
import dev.perch.loadgen.target.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the highest rate a target sustains: fixed-rate steps on fresh recipients, starting at
 * {@code startRate} and growing by {@code factor} until a step fails, then {@code refine} bisections
 * between the last passing and the first failing rate. A step passes when nothing was lost,
 * duplicated, reordered or refused, p99 stayed under the limit, and deliveries kept up with the
 * offered rate (at least 95 % of the deliveries it asks for). Bounded: at most {@code maxSteps} steps, rates up to
 * {@code maxRate}.
 */
public final class ThroughputSearch {

  private static final double KEEP_UP = 0.95;

  private final Target target;
  private final ThroughputSettings settings;
  private final Report report;
  private int nextRecipient;
  private int steps;

  private ThroughputSearch(Target target, ThroughputSettings settings, int firstRecipient) {
    this.target = target;
    this.settings = settings;
    this.nextRecipient = firstRecipient;
    this.report = new Report("throughput", target.name())
        .param("pollers", settings.step().pollers())
        .param("group", settings.step().group())
        .param("step_seconds", settings.step().duration().toSeconds())
        .param("start_rate", settings.startRate())
        .param("factor", settings.factor())
        .param("p99_limit_ms", settings.p99LimitMs());
    target.describe(report);
  }

  /** Runs the search on recipients from {@code firstRecipient} on, each step on unused ones. */
  public static Report run(Target target, ThroughputSettings settings, int firstRecipient) {
    return new ThroughputSearch(target, settings, firstRecipient).execute();
  }

  private Report execute() {
    LatencyOutcome best = null;
    double failedRate = Double.NaN;
    for (double rate = settings.startRate(); rate <= settings.maxRate() && steps < settings.maxSteps(); rate *= settings.factor()) {
      LatencyOutcome step = step(rate);
      if (!passes(step)) {
        failedRate = rate;
        break;
      }
      best = step;
    }
    for (int i = 0; i < settings.refine() && best != null && !Double.isNaN(failedRate) && steps < settings.maxSteps(); i++) {
      double rate = (best.settings().rate() + failedRate) / 2;
      LatencyOutcome step = step(rate);
      if (passes(step)) {
        best = step;
      } else {
        failedRate = rate;
      }
    }
    report.result("max_sustained_rate", best == null ? 0.0 : best.deliveredRate());
    report.result("at_offered_rate", best == null ? 0.0 : best.settings().rate());
    report.result("p99_ms_at_max", best == null ? 0.0 : best.latency().p99Ms());
    report.result("first_failing_rate", Double.isNaN(failedRate) ? 0.0 : failedRate);
    report.result("steps", steps);
    return report;
  }

  private LatencyOutcome step(double rate) {
    LatencyOutcome outcome = LatencyRun.run(target, nextRecipient, settings.step().atRate(rate));
    nextRecipient += settings.step().pollers();
    steps++;
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("rate", rate);
    row.put("delivered_rate", outcome.deliveredRate());
    row.put("p50_ms", outcome.latency().p50Ms());
    row.put("p99_ms", outcome.latency().p99Ms());
    row.put("max_ms", outcome.latency().maxMs());
    row.put("lost", outcome.tally().lost());
    row.put("errors", outcome.publishErrors() + outcome.pollErrors());
    row.put("max_send_lag_ms", outcome.maxSendLagMs());
    row.put("generator_cpu_us_per_msg", outcome.perMessage(outcome.generatorCpuMs()));
    if (outcome.serverCpuMs() >= 0) {
      row.put("server_cpu_us_per_msg", outcome.perMessage(outcome.serverCpuMs()));
    }
    if (outcome.serverAllocatedBytes() >= 0) {
      row.put("server_alloc_kib_per_msg", outcome.allocatedKibPerMessage());
    }
    if (outcome.deliveriesPerMessage() > 1 && outcome.serverCpuMs() >= 0) {
      row.put("server_cpu_us_per_delivery", outcome.perMessage(outcome.serverCpuMs()) / outcome.deliveriesPerMessage());
    }
    row.put("pass", passes(outcome));
    report.row(row);
    return outcome;
  }

  private boolean passes(LatencyOutcome outcome) {
    return outcome.clean()
        && outcome.latency().p99Ms() < settings.p99LimitMs()
        && outcome.deliveredRate() >= KEEP_UP * outcome.offeredDeliveryRate();
  }
}
