package dev.perch.loadgen.workload;

import dev.perch.loadgen.measure.DeliveryLedger;
import dev.perch.loadgen.report.Report;
import dev.perch.loadgen.target.Payload;
import dev.perch.loadgen.target.Receiver;
import dev.perch.loadgen.target.Target;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A poller that missed {@code updates} messages drains them: the stream of a fresh recipient is
 * filled first (publishes with bounded concurrency, all acknowledged), then one poller starts from
 * the oldest message and polls back to back until it has every message; updates/s is messages over
 * the time from its first request to the last answer. Repeated {@code rounds} times; each round is
 * bounded by {@code roundLimit}.
 */
public final class CatchupRun {

  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

  private final Target target;
  private final CatchupSettings settings;

  private CatchupRun(Target target, CatchupSettings settings) {
    this.target = target;
    this.settings = settings;
  }

  /** Runs on recipients {@code firstRecipient ..} {@code + rounds - 1}, which must be unused. */
  public static Report run(Target target, CatchupSettings settings, int firstRecipient) {
    return new CatchupRun(target, settings).execute(firstRecipient);
  }

  private Report execute(int firstRecipient) {
    Report report = new Report("catchup", target.name())
        .param("updates", settings.updates())
        .param("rounds", settings.rounds())
        .param("publish_concurrency", settings.publishConcurrency());
    target.describe(report);
    double[] rates = new double[settings.rounds()];
    long lost = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    long errors = 0;
    String firstError = "";
    for (int round = 0; round < settings.rounds(); round++) {
      Round result = round(firstRecipient + round);
      rates[round] = result.updatesPerSecond();
      lost += result.tally().lost();
      duplicates += result.tally().duplicates();
      outOfOrder += result.tally().outOfOrder();
      errors += result.publishErrors();
      firstError = firstError.isEmpty() ? result.error() : firstError;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("round", round + 1);
      row.put("publish_per_s", result.publishPerSecond());
      row.put("delivered", result.tally().delivered());
      row.put("polls", result.polls());
      row.put("drain_s", result.drainSeconds());
      row.put("updates_per_s", result.updatesPerSecond());
      if (result.serverCpuMs() >= 0) {
        row.put("server_cpu_us_per_update", result.tally().delivered() == 0 ? 0.0
            : result.serverCpuMs() * 1000.0 / result.tally().delivered());
      }
      report.row(row);
    }
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    report
        .result("updates_per_s_median", sorted[sorted.length / 2])
        .result("updates_per_s_best", sorted[sorted.length - 1])
        .result("lost", lost)
        .result("duplicates", duplicates)
        .result("out_of_order", outOfOrder)
        .result("publish_errors", errors);
    if (!firstError.isEmpty()) {
      report.result("first_error", firstError);
    }
    return report;
  }

  private Round round(int recipient) {
    long deadline = System.nanoTime() + settings.roundLimit().toNanos();
    DeliveryLedger ledger = new DeliveryLedger(1, settings.updates());
    long fillStart = System.nanoTime();
    BoundedPublishing fill = BoundedPublishing.run(target, settings.updates(), i -> recipient, settings.publishConcurrency(),
        settings.roundLimit(), id -> ledger.published(0, id));
    double publishPerSecond = settings.updates() / ((System.nanoTime() - fillStart) / 1e9);

    AtomicLong lastArrival = new AtomicLong();
    Receiver drain = (r, text, major, minor, arrivedNanos) -> {
      ledger.received(0, Payload.decode(text).id(), major, minor);
      lastArrival.set(arrivedNanos);
    };
    long cpuBefore = settings.server().cpuMillis();
    long start = System.nanoTime();
    long polls;
    String error;
    try (Pollers poller = new Pollers(target, recipient, 1, POLL_TIMEOUT, drain)) {
      Waits.until(() -> ledger.awaited() == 0 || poller.errors() > 0, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      polls = poller.answers();
      error = poller.firstError() == null ? fill.firstError() : poller.firstError().toString();
    }
    long serverCpu = cpuBefore < 0 ? -1 : settings.server().cpuMillis() - cpuBefore;
    DeliveryLedger.Tally tally = ledger.tally();
    double drainSeconds = Math.max(1e-9, (Math.max(start, lastArrival.get()) - start) / 1e9);
    return new Round(tally, fill.errors(), publishPerSecond, polls, drainSeconds, tally.delivered() / drainSeconds, serverCpu, error);
  }

  private record Round(
      DeliveryLedger.Tally tally, long publishErrors, double publishPerSecond, long polls, double drainSeconds,
      double updatesPerSecond, long serverCpuMs, String error) {}
}
