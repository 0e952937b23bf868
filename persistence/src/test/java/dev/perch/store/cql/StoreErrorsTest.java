package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.perch.error.UnavailableException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreErrorsTest {

  @Test
  void aClusterThatCannotAnswerNowIsUnavailableWithRetryAfter() {
    DriverTimeoutException timeout = new DriverTimeoutException("Query timed out after PT2S");
    assertThat(StoreErrors.translate(timeout)).isInstanceOfSatisfying(UnavailableException.class, e -> {
      assertThat(e.code()).isEqualTo("store_unavailable");
      assertThat(e.retryAfter()).isPositive();
      assertThat(e.getCause()).isSameAs(timeout);
    });
    assertThat(StoreErrors.translate(AllNodesFailedException.fromErrors(Map.of())))
        .isInstanceOf(UnavailableException.class);
  }

  @Test
  void aRejectedQueryIsABugAndStaysAsItIs() {
    InvalidQueryException invalid = new InvalidQueryException(null, "unconfigured table updates");
    assertThat(StoreErrors.translate(invalid)).isSameAs(invalid);
    IllegalStateException bug = new IllegalStateException("bug");
    assertThat(StoreErrors.translate(bug)).isSameAs(bug);
  }
}
