package dev.perch.api.error;

/** A known path asked with a method it does not take; answered 405 method_not_allowed. */
public final class WrongMethodException extends RuntimeException {

  public WrongMethodException() {
    super("method not allowed", null, false, false);
  }
}
