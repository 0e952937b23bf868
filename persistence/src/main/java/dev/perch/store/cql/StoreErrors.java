package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import dev.perch.error.UnavailableException;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;

/**
 * Turns driver failures into the one exception family callers know. Anything that says the
 * cluster could not answer now (no node reachable, a timeout, too few replicas, overload) becomes
 * {@link UnavailableException} {@code store_unavailable}, so the API answers 503 with
 * {@code Retry-After}. A rejected query or a missing codec is a bug and stays as it is.
 */
final class StoreErrors {

  static final String CODE = "store_unavailable";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private StoreErrors() {}

  static Throwable translate(Throwable error) {
    if (error instanceof DriverException
        && !(error instanceof QueryValidationException)
        && !(error instanceof CodecNotFoundException)) {
      return unavailable(error);
    }
    return error;
  }

  static UnavailableException unavailable(Throwable cause) {
    Metrics.counter("perch.store.errors", "kind", cause.getClass().getSimpleName()).increment();
    return new UnavailableException(CODE, "The store cannot take the request right now; retry shortly.",
        RETRY_AFTER, cause);
  }
}
