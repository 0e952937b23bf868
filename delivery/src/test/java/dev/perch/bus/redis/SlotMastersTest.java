package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which master serves a channel, from a topology as Lettuce reads it. */
class SlotMastersTest {

  private static RedisClusterNode node(String id, Set<RedisClusterNode.NodeFlag> flags, int fromSlot, int toSlot) {
    RedisClusterNode node = new RedisClusterNode();
    node.setNodeId(id);
    node.setUri(RedisURI.create("redis://127.0.0.1:7101"));
    node.setFlags(flags);
    node.setSlots(IntStream.range(fromSlot, toSlot).boxed().toList());
    return node;
  }

  @Test
  void aChannelsMasterIsTheMasterOfItsSlotAndReplicasServeNothing() {
    int half = SlotHash.SLOT_COUNT / 2;
    SlotMasters masters = new SlotMasters(List.of(
        node("a", Set.of(RedisClusterNode.NodeFlag.UPSTREAM), 0, half),
        node("b", Set.of(RedisClusterNode.NodeFlag.UPSTREAM, RedisClusterNode.NodeFlag.FAIL), half, SlotHash.SLOT_COUNT),
        node("c", Set.of(RedisClusterNode.NodeFlag.REPLICA), 0, 0)));
    String low = IntStream.range(0, 1000).mapToObj(i -> "u:{" + i + "}")
        .filter(channel -> SlotHash.getSlot(channel) < half).findFirst().orElseThrow();
    String high = IntStream.range(0, 1000).mapToObj(i -> "u:{" + i + "}")
        .filter(channel -> SlotHash.getSlot(channel) >= half).findFirst().orElseThrow();

    assertThat(masters.masterOf(low)).isEqualTo("a");
    assertThat(masters.masterOf(high)).as("a failed master serves its slots until a replica takes them").isEqualTo("b");
    assertThat(masters.servesSlots("b")).isTrue();
    assertThat(masters.servesSlots("c")).isFalse();
  }

  @Test
  void aSlotNoMasterServesHasNone() {
    SlotMasters masters = new SlotMasters(List.of(node("a", Set.of(RedisClusterNode.NodeFlag.UPSTREAM), 0, 10)));

    String uncovered = IntStream.range(0, 1000).mapToObj(i -> "u:{" + i + "}")
        .filter(channel -> SlotHash.getSlot(channel) >= 10).findFirst().orElseThrow();
    assertThat(masters.masterOf(uncovered)).isNull();
  }
}
