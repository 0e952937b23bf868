package dev.perch.poll;

import dev.perch.error.InvalidRequestException;
import dev.perch.model.UserId;
import java.time.Duration;
import java.util.Objects;

/**
 * A validated long-poll: whose stream, after which seq ({@code cursor}; null = from the current
 * head), how long to wait when nothing is there, and at most how many updates to return.
 */
public record PollRequest(UserId user, Long cursor, Duration timeout, int limit) {

  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
  public static final int MAX_LIMIT = 500;

  public PollRequest {
    Objects.requireNonNull(user, "user");
    if (cursor != null && cursor < 0) {
      throw new InvalidRequestException("invalid_cursor", "cursor is a seq: a whole number >= 0.");
    }
    if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new InvalidRequestException("invalid_timeout", "timeout is 0 to 60 seconds.");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("invalid_limit", "limit is 1 to " + MAX_LIMIT + ".");
    }
  }
}
