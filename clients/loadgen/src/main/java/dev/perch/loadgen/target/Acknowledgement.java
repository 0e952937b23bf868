package dev.perch.loadgen.target;

/** Hears how each publish ended. Called on I/O threads; one instance serves many publishes. */
public interface Acknowledgement {

  /** The server acknowledged message {@code id} to {@code recipient} (2xx). */
  void acknowledged(int recipient, long id);

  /** The publish failed: another status ({@link HttpStatusException}) or the transport's error. */
  void failed(int recipient, long id, Throwable error);
}
