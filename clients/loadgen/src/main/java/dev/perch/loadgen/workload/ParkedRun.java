package dev.perch.loadgen.workload;

import dev.perch.loadgen.measure.ServerMemory;
import dev.perch.loadgen.measure.ServerProcesses;
import dev.perch.loadgen.report.Report;
import dev.perch.loadgen.target.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Parked capacity: {@code polls} idle long-polls held by child processes (a process may hold at most
 * 20,000 open files here), the server's memory sampled before and after they park, then one message
 * published to every recipient, in rounds, to prove each parked poll still wakes and to time the
 * wake with both sides' code cold (the first round) and warm (the last). The parent samples and
 * publishes; each child polls its share and reports (see {@link ParkedChild}). Bounded by
 * {@code limit}; children still running then are destroyed.
 */
public final class ParkedRun {

  /** Between wake rounds, for the answered polls to be sent again and park. */
  private static final Duration BETWEEN_ROUNDS = Duration.ofSeconds(2);

  /** Starts the child process that polls recipients {@code first .. first + count - 1}. */
  public interface Children {
    Process start(int first, int count) throws IOException;
  }

  private final Target publisher;
  private final ParkedSettings settings;
  private final Children children;
  private final ServerProcesses server;

  private ParkedRun(Target publisher, ParkedSettings settings, Children children, ServerProcesses server) {
    this.publisher = publisher;
    this.settings = settings;
    this.children = children;
    this.server = server;
  }

  /**
   * Runs the workload on recipients {@code 0 .. polls - 1} of {@code publisher}'s run.
   *
   * @param server the server processes to sample (with their descendants); none skips memory
   */
  public static Report run(Target publisher, ParkedSettings settings, Children children, ServerProcesses server) {
    return new ParkedRun(publisher, settings, children, server).execute();
  }

  private Report execute() {
    long deadline = System.nanoTime() + settings.limit().toNanos();
    Report report = new Report("parked", publisher.name())
        .param("polls", settings.polls())
        .param("processes", settings.processes())
        .param("poll_timeout_s", settings.pollTimeout().toSeconds());
    publisher.describe(report);
    ServerMemory.Sample before = sample();
    List<Child> started = new ArrayList<>();
    try {
      long parkStart = System.nanoTime();
      for (int first = 0; first < settings.polls(); first += settings.perProcess()) {
        started.add(new Child(children.start(first, Math.min(settings.perProcess(), settings.polls() - first))));
      }
      boolean parked = Waits.until(() -> started.stream().mapToLong(Child::parked).sum() >= settings.polls(), remaining(deadline));
      double parkSeconds = (System.nanoTime() - parkStart) / 1e9;
      Waits.pause(settings.settle());
      ServerMemory.Sample after = sample();

      List<Double> wakeSeconds = new ArrayList<>();
      long notWoken = 0;
      long publishErrors = 0;
      for (int round = 1; round <= settings.rounds(); round++) {
        if (round > 1) {
          Waits.pause(BETWEEN_ROUNDS);
        }
        int thisRound = round;
        long wakeStart = System.currentTimeMillis();
        publishErrors += BoundedPublishing.run(publisher, settings.polls(), i -> i, settings.publishConcurrency(),
            remaining(deadline), id -> { }).errors();
        Waits.until(() -> started.stream().allMatch(child -> child.round(thisRound) != null), remaining(deadline));
        long reached = 0;
        long lastArrival = wakeStart;
        for (Child child : started) {
          ParkedChild.Round done = child.round(thisRound);
          if (done != null) {
            reached += done.reached();
            lastArrival = Math.max(lastArrival, done.lastArrivalEpochMillis());
          }
        }
        notWoken = Math.max(notWoken, settings.polls() - reached);
        wakeSeconds.add((lastArrival - wakeStart) / 1000.0);
      }
      Waits.until(() -> started.stream().allMatch(child -> child.done() != null), remaining(deadline));
      long pollErrors = started.stream().map(Child::done).filter(Objects::nonNull).mapToLong(ParkedChild.Done::errors).sum();
      report.result("parked", started.stream().mapToLong(Child::parked).sum())
          .result("all_parked", parked)
          .result("park_s", parkSeconds);
      memory(report, before, after);
      report.result("woken", settings.polls() - notWoken)
          .result("not_woken", notWoken)
          .result("wake_all_s", wakeSeconds.get(wakeSeconds.size() - 1))
          .result("wake_first_s", wakeSeconds.get(0))
          .result("wake_rounds_s", wakeSeconds.stream().map(String::valueOf).collect(Collectors.joining(" ")))
          .result("publish_errors", publishErrors)
          .result("poll_errors", pollErrors);
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child process", e);
    } finally {
      started.forEach(Child::stop);
    }
  }

  private void memory(Report report, ServerMemory.Sample before, ServerMemory.Sample after) {
    if (before == null || after == null) {
      return;
    }
    int polls = settings.polls();
    report.result("server_processes", after.processes())
        .result("rss_before_kib", before.rssKib())
        .result("rss_after_kib", after.rssKib())
        .result("rss_per_poll_kib", (after.rssKib() - before.rssKib()) / (double) polls)
        .result("pss_per_poll_kib", (after.pssKib() - before.pssKib()) / (double) polls);
    if (after.heapUsedKib() >= 0) {
      report.result("heap_before_kib", before.heapUsedKib())
          .result("heap_after_kib", after.heapUsedKib())
          .result("heap_per_poll_kib", (after.heapUsedKib() - before.heapUsedKib()) / (double) polls);
    }
  }

  private ServerMemory.Sample sample() {
    return server.memory(true);
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }

  /** A started child and what it reported so far, read from its output by a thread of its own. */
  private static final class Child {

    private final Process process;
    private volatile long parked;
    private final Map<Integer, ParkedChild.Round> rounds = new ConcurrentHashMap<>();
    private volatile ParkedChild.Done done;

    Child(Process process) {
      this.process = process;
      Thread reader = new Thread(this::read, "child-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    long parked() {
      return parked;
    }

    /** What the child reported of round {@code round}, or null until it has. */
    ParkedChild.Round round(int round) {
      return rounds.get(round);
    }

    ParkedChild.Done done() {
      return done;
    }

    /** Closes its input (it then finishes by itself) and destroys it if it has not within 10 s. */
    void stop() {
      try {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (IOException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith(ParkedChild.PARKED + " ")) {
            parked = Long.parseLong(line.substring(ParkedChild.PARKED.length() + 1).trim());
          } else if (line.startsWith(ParkedChild.ROUND + " ")) {
            ParkedChild.Round round = ParkedChild.Round.parse(line);
            rounds.put(round.round(), round);
          } else if (line.startsWith(ParkedChild.DONE + " ")) {
            done = ParkedChild.Done.parse(line);
          }
        }
      } catch (IOException e) {
        // The child ended; what it reported before stands.
      }
    }
  }
}
