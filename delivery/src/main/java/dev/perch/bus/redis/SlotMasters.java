package dev.perch.bus.redis;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Which Redis Cluster node is master of each slot, in one view of the topology (as Lettuce read it
 * from {@code CLUSTER NODES}). A master that failed keeps its slots here until a replica takes them
 * over. Immutable.
 */
final class SlotMasters {

  private final String[] masters = new String[SlotHash.SLOT_COUNT];
  private final Set<String> owners = new HashSet<>();

  SlotMasters(Iterable<RedisClusterNode> nodes) {
    for (RedisClusterNode node : nodes) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.hasNoSlots()) {
        String id = node.getNodeId();
        node.forEachSlot(slot -> masters[slot] = id);
        owners.add(id);
      }
    }
  }

  /** The id of the node serving {@code channel}'s slot, or null while no node serves it. */
  String masterOf(String channel) {
    return masters[SlotHash.getSlot(channel)];
  }

  /** Whether the node serves any slot. */
  boolean servesSlots(String nodeId) {
    return owners.contains(nodeId);
  }
}
