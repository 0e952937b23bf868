package dev.perch.bus.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A Redis Cluster of one test class's own (3 masters, 3 replicas, node timeout 2 s), run by
 * {@code dev/redis-cluster.sh} on six free loopback ports, so a test may kill its masters without
 * disturbing anyone. Starting fails the test class when the cluster cannot be made; it never skips.
 * Blocking: call from test threads only.
 */
public final class TestRedisCluster implements AutoCloseable {

  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
  private static final int NODES = 6;

  private final Path script;
  private final int base;

  private TestRedisCluster(Path script, int base) {
    this.script = script;
    this.base = base;
  }

  /**
   * Starts a fresh cluster. {@code dev/} is found from the module's directory, the working directory
   * of Maven's test runs. When starting fails, whatever it started is stopped again.
   */
  public static TestRedisCluster start() {
    Path script = Path.of("..", "dev", "redis-cluster.sh").toAbsolutePath().normalize();
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException(script + " not found; cluster ITs run with a module as working directory");
    }
    TestRedisCluster cluster = new TestRedisCluster(script, freeBase());
    try {
      cluster.run("start");
    } catch (RuntimeException failed) {
      // Some nodes may be running: nobody else would stop them.
      try {
        cluster.close();
      } catch (RuntimeException alsoFailed) {
        failed.addSuppressed(alsoFailed);
      }
      throw failed;
    }
    return cluster;
  }

  /** The seed URI of all six nodes, as {@code perch.redis.uri} takes it. */
  public String uri() {
    StringBuilder uri = new StringBuilder("redis://");
    for (int port : ports()) {
      uri.append(uri.length() > "redis://".length() ? "," : "").append("127.0.0.1:").append(port);
    }
    return uri.toString();
  }

  /** A cluster client with Perch's cluster options ({@link RedisServers#clusterOptions}), refreshing every second. */
  public RedisClusterClient client() {
    RedisClusterClient client = RedisClusterClient.create(
        ports().stream().map(port -> RedisURI.builder().withHost("127.0.0.1").withPort(port)
            .withTimeout(Duration.ofSeconds(5)).build()).toList());
    client.setOptions(RedisServers.clusterOptions(Duration.ofSeconds(1)).build());
    return client;
  }

  /** The port of the master that serves {@code key}'s slot, as {@code client} sees the topology now. */
  public static int masterPort(RedisClusterClient client, String key) {
    client.refreshPartitions();
    RedisClusterNode master = client.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
    return master.getUri().getPort();
  }

  /** SIGKILLs the node on {@code port}; returns once the process is gone. */
  public void kill(int port) {
    run("kill", Integer.toString(port));
  }

  /** Starts every node that is not running and waits until the whole cluster is healthy again. */
  public void heal() {
    run("start");
  }

  /** Stops every node and removes the cluster's files. */
  @Override
  public void close() {
    run("stop");
  }

  private List<Integer> ports() {
    return IntStream.range(base, base + NODES).boxed().toList();
  }

  private void run(String... arguments) {
    List<String> line = new ArrayList<>(List.of(script.toString()));
    line.addAll(List.of(arguments));
    ProcessBuilder command = new ProcessBuilder(line)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    command.environment().put("PERCH_REDIS_CLUSTER_PORT", Integer.toString(base));
    try {
      Process process = command.start();
      if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(script + " " + String.join(" ", arguments) + " outlasted " + SCRIPT_TIMEOUT);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(script + " " + String.join(" ", arguments) + " failed: exit "
            + process.exitValue() + " (its output is above)");
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + script, e);
    }
  }

  /** Six consecutive free ports whose cluster bus ports (+10000) are free too. */
  private static int freeBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 29_000);
      if (IntStream.range(base, base + NODES).allMatch(port -> free(port) && free(port + 10_000))) {
        return base;
      }
    }
    throw new IllegalStateException("no six free consecutive ports found for a test Redis Cluster");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
