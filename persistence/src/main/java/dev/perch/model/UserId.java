package dev.perch.model;

import dev.perch.error.InvalidRequestException;
import java.util.regex.Pattern;

/** A user's id: 1 to 64 characters of {@code A-Z a-z 0-9 _ -}. It is the {@code sub} of the user's token. */
public record UserId(String value) implements Comparable<UserId> {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public UserId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new InvalidRequestException(
          "invalid_user_id", "A user id is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.");
    }
  }

  public static UserId of(String value) {
    return new UserId(value);
  }

  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
