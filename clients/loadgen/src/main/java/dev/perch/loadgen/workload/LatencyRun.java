package dev.perch.loadgen.workload;

import dev.perch.loadgen.measure.CpuTime;
import dev.perch.loadgen.measure.DeliveryLedger;
import dev.perch.loadgen.measure.Latencies;
import dev.perch.loadgen.measure.Pacer;
import dev.perch.loadgen.target.Acknowledgement;
import dev.perch.loadgen.target.Payload;
import dev.perch.loadgen.target.Receiver;
import dev.perch.loadgen.target.Target;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes at a fixed rate to {@code pollers} recipients (or to one group of them, every message
 * to all), each long-polled by its own loop, and measures publish-start (when the publish was due)
 * to receipt by each poller, plus what was lost,
 * duplicated or out of order. Pollers start first and the run waits until every first poll has been
 * sent; publishing then follows the {@link Pacer}'s schedule from the driving thread; afterwards the
 * run waits (bounded by {@code drain}) for the last deliveries. Bounded in time: setup, publishing
 * (at most twice the planned duration) and drain each have a limit.
 */
public final class LatencyRun implements Acknowledgement, Receiver {

  private static final Duration SETUP_LIMIT = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(1);
  private static final long MAX_PARK_NANOS = Duration.ofMillis(1).toNanos();
  /**
   * The publishing thread sleeps at least this long between bursts: above 5,000 msgs/s it fires
   * what fell due meanwhile together (handed to the I/O threads with one wake-up each) instead of
   * waking for every message, and a publish starts up to this much after it was due.
   */
  private static final long MIN_PARK_NANOS = 200_000;

  private final Audience audience;
  private final LatencySettings settings;
  private final Latencies latencies = new Latencies();
  private final LongAdder publishErrors = new LongAdder();
  private final LongAdder foreign = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong lastArrival = new AtomicLong();
  private final AtomicReference<Throwable> firstPublishError = new AtomicReference<>();

  private LatencyRun(Audience audience, LatencySettings settings) {
    this.audience = audience;
    this.settings = settings;
  }

  /**
   * Runs on recipients {@code firstRecipient .. firstRecipient + pollers - 1}, which must be unused;
   * with {@link LatencySettings#group} they form group number {@code firstRecipient}.
   */
  public static LatencyOutcome run(Target target, int firstRecipient, LatencySettings settings) {
    Audience audience = settings.group()
        ? Audience.group(target, firstRecipient, firstRecipient, settings.pollers(), settings.messages())
        : Audience.direct(target, firstRecipient, settings.pollers(), settings.messages());
    return new LatencyRun(audience, settings).execute();
  }

  private LatencyOutcome execute() {
    try (Pollers pollers = audience.poll(settings.pollTimeout(), this)) {
      boolean ready = Waits.until(() -> pollers.sent() >= settings.pollers(), SETUP_LIMIT);
      Waits.pause(SETTLE);
      long serverCpuBefore = settings.server().cpuMillis();
      long serverAllocatedBefore = settings.server().allocatedBytes();
      long ownCpuBefore = CpuTime.ownMillis();
      long start = System.nanoTime() + MAX_PARK_NANOS;
      Publishing publishing = publish(new Pacer(settings.rate(), settings.messages(), start));
      Waits.until(() -> inFlight.get() == 0 && audience.awaited() <= 0, settings.drain());
      long serverCpu = serverCpuBefore < 0 ? -1 : settings.server().cpuMillis() - serverCpuBefore;
      long serverAllocated = serverAllocatedBefore < 0 ? -1 : settings.server().allocatedBytes() - serverAllocatedBefore;
      long ownCpu = CpuTime.ownMillis() - ownCpuBefore;
      DeliveryLedger.Tally tally = audience.tally();
      double sendSeconds = Math.max(1e-9, (publishing.lastFireNanos() - start) / 1e9);
      double deliverySeconds = Math.max(1e-9, (lastArrival.get() - start) / 1e9);
      Throwable error = firstPublishError.get() != null ? firstPublishError.get() : pollers.firstError();
      return new LatencyOutcome(
          settings,
          ready,
          publishing.fired(),
          audience.deliveriesPerMessage(),
          publishErrors.sum(),
          tally,
          foreign.sum(),
          latencies.summary(),
          publishing.fired() / sendSeconds,
          tally.delivered() == 0 ? 0 : tally.delivered() / deliverySeconds,
          publishing.maxLagNanos() / 1e6,
          publishing.maxInFlight(),
          pollers.answers(),
          pollers.errors(),
          serverCpu,
          serverAllocated,
          ownCpu,
          error == null ? "" : error.toString());
    }
  }

  private Publishing publish(Pacer pacer) {
    long limit = pacer.dueNanos(pacer.total()) + settings.duration().toNanos() + Duration.ofSeconds(10).toNanos();
    long next = 0;
    long maxLag = 0;
    long maxInFlight = 0;
    long lastFire = pacer.dueNanos(0);
    while (next < pacer.total()) {
      long now = System.nanoTime();
      if (now - limit > 0) {
        break;
      }
      for (long due = pacer.dueBy(now); next < due; next++) {
        maxLag = Math.max(maxLag, now - pacer.dueNanos(next));
        maxInFlight = Math.max(maxInFlight, fire(next, pacer.dueNanos(next)));
        lastFire = now;
      }
      if (next < pacer.total()) {
        long untilDue = pacer.dueNanos(next) - System.nanoTime();
        LockSupport.parkNanos(Math.max(MIN_PARK_NANOS, Math.min(MAX_PARK_NANOS, untilDue)));
      }
    }
    return new Publishing(next, lastFire, maxLag, maxInFlight);
  }

  private long fire(long id, long dueNanos) {
    long outstanding = inFlight.incrementAndGet();
    audience.publish(id, dueNanos, this);
    return outstanding;
  }

  @Override
  public void acknowledged(int recipient, long id) {
    audience.acknowledged(recipient, id);
    inFlight.decrementAndGet();
  }

  @Override
  public void failed(int recipient, long id, Throwable error) {
    publishErrors.increment();
    firstPublishError.compareAndSet(null, error);
    inFlight.decrementAndGet();
  }

  @Override
  public void message(int recipient, String text, long major, long minor, long arrivedNanos) {
    Payload payload;
    try {
      payload = Payload.decode(text);
    } catch (IllegalArgumentException e) {
      foreign.increment();
      return;
    }
    if (audience.received(recipient, payload.id(), major, minor) == DeliveryLedger.Outcome.FIRST) {
      latencies.recordNanos(arrivedNanos - payload.dueNanos());
      lastArrival.accumulateAndGet(arrivedNanos, Math::max);
    }
  }

  /** What the publishing loop did: how many it fired, when it fired last, how late at worst. */
  private record Publishing(long fired, long lastFireNanos, long maxLagNanos, long maxInFlight) {}
}
