package dev.perch.model;

import dev.perch.error.InvalidRequestException;
import java.util.List;

/** A user's id: 1 to 64 characters of {@code A-Z a-z 0-9 _ -}. It is the {@code sub} of the user's token. */
public record UserId(String value) implements Comparable<UserId> {

  private static final int MAX_LENGTH = 64;

  public UserId {
    if (!isValid(value)) {
      throw new InvalidRequestException(
          "invalid_user_id", "A user id is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.");
    }
  }

  /** Whether {@code value} is 1 to 64 of {@code A-Z a-z 0-9 _ -}; a plain loop, it runs for every send. */
  private static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  public static UserId of(String value) {
    return new UserId(value);
  }

  /** Each of {@code values} as a user id, in order; any invalid one is {@code invalid_user_id}. */
  public static List<UserId> allOf(List<String> values) {
    return values.stream().map(UserId::new).toList();
  }

  /** The ids' values, in order. */
  public static List<String> valuesOf(List<UserId> users) {
    return users.stream().map(UserId::value).toList();
  }

  // equals and hashCode by hand: the record's generated ones go through method-handle guards
  // that stayed visible in the profile of every map lookup by user.
  @Override
  public boolean equals(Object other) {
    return other instanceof UserId user && value.equals(user.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
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
