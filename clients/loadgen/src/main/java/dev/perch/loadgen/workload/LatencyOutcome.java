package dev.perch.loadgen.workload;

import dev.perch.loadgen.measure.DeliveryLedger;
import dev.perch.loadgen.measure.Latencies;
import dev.perch.loadgen.report.Report;

/**
 * What one fixed-rate run measured.
 *
 * @param settings what was run
 * @param pollersReady whether every first poll was sent before publishing started
 * @param sent publishes started
 * @param deliveriesPerMessage recipients each message is owed to (1, or a group's members)
 * @param publishErrors publishes that failed (non-2xx or transport error)
 * @param tally delivery accounting, in deliveries
 * @param foreign received texts that were not generated messages
 * @param latency publish-due to receipt, first receipts only
 * @param sendRate publishes started per second
 * @param deliveredRate deliveries of acknowledged messages per second, from the first due publish to the last receipt
 * @param maxSendLagMs how late the generator started a publish at worst; large means the generator fell behind
 * @param maxInFlight most publishes outstanding at once
 * @param polls poll answers received
 * @param pollErrors polls that failed
 * @param serverCpuMs CPU the server used from the first publish to the end of the drain; -1 if not measured
 * @param serverAllocatedBytes heap a JVM server allocated over the same span; -1 if not measured or not a JVM
 * @param generatorCpuMs CPU this generator used over the same span
 * @param firstError the first publish or poll failure, or empty
 */
public record LatencyOutcome(
    LatencySettings settings,
    boolean pollersReady,
    long sent,
    int deliveriesPerMessage,
    long publishErrors,
    DeliveryLedger.Tally tally,
    long foreign,
    Latencies.Summary latency,
    double sendRate,
    double deliveredRate,
    double maxSendLagMs,
    long maxInFlight,
    long polls,
    long pollErrors,
    long serverCpuMs,
    long serverAllocatedBytes,
    long generatorCpuMs,
    String firstError) {

  /** True when everything acknowledged arrived once, in order, and nothing failed. */
  public boolean clean() {
    return tally.lost() == 0 && tally.duplicates() == 0 && tally.outOfOrder() == 0 && publishErrors == 0
        && sent == settings.messages();
  }

  /** Deliveries per second the offered rate asks for. */
  public double offeredDeliveryRate() {
    return settings.rate() * deliveriesPerMessage;
  }

  /** Microseconds of CPU per message sent; 0 when none was. */
  public double perMessage(long cpuMs) {
    return sent == 0 ? 0 : cpuMs * 1000.0 / sent;
  }

  /** KiB of heap the server allocated per message sent; 0 when none was. */
  public double allocatedKibPerMessage() {
    return sent == 0 ? 0 : serverAllocatedBytes / 1024.0 / sent;
  }

  /** A report of this run. */
  public Report report(String workload, String target) {
    Report report = new Report(workload, target)
        .param("pollers", settings.pollers())
        .param("rate", settings.rate())
        .param("seconds", settings.duration().toMillis() / 1000.0)
        .param("poll_timeout_s", settings.pollTimeout().toSeconds());
    if (settings.group()) {
      report.param("group_members", settings.pollers());
    }
    addResults(report);
    return report;
  }

  /** Adds the results to {@code report}. */
  public void addResults(Report report) {
    report.result("sent", sent)
        .result("acknowledged", tally.published())
        .result("publish_errors", publishErrors)
        .result("delivered", tally.delivered())
        .result("lost", tally.lost())
        .result("duplicates", tally.duplicates())
        .result("out_of_order", tally.outOfOrder())
        .result("unacknowledged_received", tally.unacknowledged())
        .result("send_rate", sendRate)
        .result("delivered_rate", deliveredRate)
        .result("p50_ms", latency.p50Ms())
        .result("p95_ms", latency.p95Ms())
        .result("p99_ms", latency.p99Ms())
        .result("p999_ms", latency.p999Ms())
        .result("max_ms", latency.maxMs())
        .result("max_send_lag_ms", maxSendLagMs)
        .result("max_in_flight", maxInFlight)
        .result("polls", polls)
        .result("poll_errors", pollErrors)
        .result("generator_cpu_us_per_msg", perMessage(generatorCpuMs));
    if (serverCpuMs >= 0) {
      report.result("server_cpu_us_per_msg", perMessage(serverCpuMs));
    }
    if (serverAllocatedBytes >= 0) {
      report.result("server_alloc_kib_per_msg", allocatedKibPerMessage());
    }
    if (deliveriesPerMessage > 1) {
      report.result("generator_cpu_us_per_delivery", perMessage(generatorCpuMs) / deliveriesPerMessage);
      if (serverCpuMs >= 0) {
        report.result("server_cpu_us_per_delivery", perMessage(serverCpuMs) / deliveriesPerMessage);
      }
    }
    if (foreign > 0) {
      report.result("foreign_received", foreign);
    }
    if (!pollersReady) {
      report.result("pollers_ready", false);
    }
    if (!firstError.isEmpty()) {
      report.result("first_error", firstError);
    }
  }
}
