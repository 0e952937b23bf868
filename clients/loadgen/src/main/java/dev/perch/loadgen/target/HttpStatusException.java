package dev.perch.loadgen.target;

/** A server answered with a status the generator does not accept for that request. */
public final class HttpStatusException extends RuntimeException {

  private final int status;

  public HttpStatusException(String request, int status, String body) {
    super(request + " answered " + status + (body.isEmpty() ? "" : ": " + abbreviate(body)));
    this.status = status;
  }

  public int status() {
    return status;
  }

  private static String abbreviate(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
