package dev.perch.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.cluster.Membership;
import dev.perch.cluster.NodeRecord;
import dev.perch.cluster.Ring;
import dev.perch.store.MessageStore;
import java.time.Instant;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClusterConfigurationTest {

  /** Node 1 alone on its ring, as a node whose view can no longer be read still sees it. */
  private static Membership alone(boolean registered) {
    return new Membership() {
      @Override
      public int self() {
        return 1;
      }

      @Override
      public List<NodeRecord> live() {
        return List.of(new NodeRecord(1, "http://127.0.0.1:1", Instant.EPOCH, Instant.EPOCH));
      }

      @Override
      public Ring ring() {
        return Ring.of(List.of(1));
      }

      @Override
      public boolean registered() {
        return registered;
      }
    };
  }

  private static long owned(IntPredicate shards) {
    return IntStream.range(0, MessageStore.OWED_SHARDS).filter(shards).count();
  }

  @Test
  void aRegisteredNodeSweepsWhatItsRingGivesIt() {
    assertThat(owned(new ClusterConfiguration().ownedOwedShards(alone(true)))).isEqualTo(MessageStore.OWED_SHARDS);
  }

  @Test
  void aNodeWhoseRegistrationLapsedSweepsNothingThoughItsStaleRingStillGivesItShards() {
    assertThat(owned(new ClusterConfiguration().ownedOwedShards(alone(false)))).isZero();
  }
}
