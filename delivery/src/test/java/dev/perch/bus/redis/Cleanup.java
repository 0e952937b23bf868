package dev.perch.bus.redis;

/**
 * A test's clean-up, every step of it: for {@code @AfterAll} methods, which JUnit runs even when
 * {@code @BeforeAll} failed half-way, so a step may find its resource never made (null: skipped),
 * and one failing step must not leave the later ones (stopping a test's Redis Cluster) undone.
 */
public final class Cleanup {

  /** One step; may throw. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private Cleanup() {}

  /** Runs {@code step} unless {@code resource} is null. */
  public static <T> Step ifMade(T resource, java.util.function.Consumer<T> step) {
    return () -> {
      if (resource != null) {
        step.accept(resource);
      }
    };
  }

  /** Runs every step in order, also after one failed; then throws the first failure, the others suppressed. */
  public static void all(Step... steps) {
    RuntimeException failure = null;
    for (Step step : steps) {
      try {
        step.run();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
