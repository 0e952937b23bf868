package dev.perch.api.message;

import dev.perch.api.error.Problem;
import dev.perch.metrics.LatencyBuckets;
import dev.perch.send.Sent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * {@code perch.sends} by outcome ({@code created}, {@code repeated}, {@code refused}: a 4xx but
 * 429, {@code rate_limited}, {@code unavailable}: a 503, {@code failed}: a bug, {@code cancelled}:
 * the client went) and {@code perch.send.latency}, the time from a valid body to the answer of a
 * send that stored or found its message. One counter increment and at most one timer record per
 * send; no observation objects. Thread-safe.
 */
final class SendOutcomes {

  private final Counter created;
  private final Counter repeated;
  private final Counter refused;
  private final Counter rateLimited;
  private final Counter unavailable;
  private final Counter failed;
  private final Counter cancelled;
  private final Timer latency;

  SendOutcomes(MeterRegistry registry) {
    created = counter(registry, "created");
    repeated = counter(registry, "repeated");
    refused = counter(registry, "refused");
    rateLimited = counter(registry, "rate_limited");
    unavailable = counter(registry, "unavailable");
    failed = counter(registry, "failed");
    cancelled = counter(registry, "cancelled");
    latency = Timer.builder("perch.send.latency")
        .description("From a send's valid body to its 201 or 200")
        .serviceLevelObjectives(LatencyBuckets.BOUNDS)
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("perch.sends").tag("outcome", outcome)
        .description("Sends answered, by outcome").register(registry);
  }

  /** {@code send} with its outcome counted and, when it succeeds, its time recorded. */
  Mono<Sent> record(Mono<Sent> send) {
    return Mono.defer(() -> {
      long started = System.nanoTime();
      return send
          .doOnNext(sent -> {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            (sent.created() ? created : repeated).increment();
          })
          .doOnError(this::failed)
          .doOnCancel(cancelled::increment);
    });
  }

  private void failed(Throwable error) {
    int status = Problem.of(error).status().code();
    (status == 429 ? rateLimited : status == 503 ? unavailable : status >= 500 ? failed : refused).increment();
  }
}
