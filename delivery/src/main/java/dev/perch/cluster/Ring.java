package dev.perch.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A consistent-hash ring of live node ids: each node stands at {@link #POINTS_PER_NODE} points of a
 * 64-bit circle, and a key belongs to the node at the first point at or after the key's hash
 * (wrapping around). Built only from the ids, so every node that sees the same live set gives the
 * same answer; a node leaving moves only its own keys, spread over the others, and a node joining
 * takes about 1/n of everyone's. Immutable and thread-safe.
 */
public final class Ring {

  public static final int POINTS_PER_NODE = 256;

  private final long[] points;
  private final int[] owners;
  private final List<Integer> nodes;

  private Ring(List<Integer> nodes, long[] points, int[] owners) {
    this.nodes = nodes;
    this.points = points;
    this.owners = owners;
  }

  /** The ring of {@code nodeIds} (duplicates ignored); an empty ring owns nothing. */
  public static Ring of(Collection<Integer> nodeIds) {
    List<Integer> nodes = List.copyOf(new TreeSet<>(nodeIds));
    long[][] pairs = new long[nodes.size() * POINTS_PER_NODE][];
    int i = 0;
    for (int node : nodes) {
      for (int point = 0; point < POINTS_PER_NODE; point++) {
        pairs[i++] = new long[] {hash("node-" + node + "#" + point), node};
      }
    }
    Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    long[] points = new long[pairs.length];
    int[] owners = new int[pairs.length];
    for (int p = 0; p < pairs.length; p++) {
      points[p] = pairs[p][0];
      owners[p] = (int) pairs[p][1];
    }
    return new Ring(nodes, points, owners);
  }

  /** The node ids on the ring, ascending. */
  public List<Integer> nodes() {
    return nodes;
  }

  /**
   * The node {@code key} belongs to.
   *
   * @throws IllegalStateException on an empty ring
   */
  public int owner(String key) {
    if (points.length == 0) {
      throw new IllegalStateException("no live node on the ring");
    }
    long hash = hash(key);
    int at = Arrays.binarySearch(points, hash);
    if (at < 0) {
      at = -at - 1;
    }
    return owners[at == points.length ? 0 : at];
  }

  /** FNV-1a over the key's UTF-8 bytes, then MurmurHash3's finalizer, so near keys land far apart. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  @Override
  public String toString() {
    return "Ring" + new ArrayList<>(nodes);
  }
}
