package dev.perch.loadgen.workload;

import java.time.Duration;

/**
 * A parked-capacity run.
 *
 * @param polls idle long-polls to hold, one per recipient
 * @param perProcess the most polls one child process holds (each connection is an open file, and a
 *     process may hold at most 20,000 here)
 * @param pollTimeout how long each poll waits before it is answered empty and sent again
 * @param settle pause after every poll was sent, before the server is sampled
 * @param limit the most the whole run may take
 * @param publishConcurrency publishes outstanding at once while waking every poll
 * @param rounds how many times every poll is woken, each round once the last one reached every poll
 */
public record ParkedSettings(
    int polls, int perProcess, Duration pollTimeout, Duration settle, Duration limit, int publishConcurrency, int rounds) {

  public ParkedSettings {
    if (polls < 1 || perProcess < 1 || publishConcurrency < 1 || rounds < 1) {
      throw new IllegalArgumentException("polls, polls per process, concurrency and rounds must be positive");
    }
  }

  /** How many child processes hold the polls. */
  public int processes() {
    return (polls + perProcess - 1) / perProcess;
  }
}
