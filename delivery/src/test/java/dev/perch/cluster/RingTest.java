package dev.perch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RingTest {

  private static final List<String> USERS = IntStream.range(0, 30_000).mapToObj(i -> "user-" + i).toList();

  private static Map<Integer, Integer> shares(Ring ring) {
    Map<Integer, Integer> shares = new HashMap<>();
    USERS.forEach(user -> shares.merge(ring.owner(user), 1, Integer::sum));
    return shares;
  }

  @Test
  void everyNodeGetsAboutItsShareOfUsers() {
    Map<Integer, Integer> shares = shares(Ring.of(List.of(1, 2, 3)));
    assertThat(shares).containsOnlyKeys(1, 2, 3);
    shares.values().forEach(share -> assertThat(share).isBetween(8_500, 11_500));
  }

  @Test
  void theAnswerDependsOnlyOnTheLiveSet() {
    Ring one = Ring.of(List.of(3, 1, 2));
    Ring other = Ring.of(List.of(1, 2, 3, 2));
    USERS.forEach(user -> assertThat(one.owner(user)).isEqualTo(other.owner(user)));
    assertThat(one.nodes()).containsExactly(1, 2, 3);
  }

  @Test
  void aNodeLeavingMovesOnlyItsOwnUsersAndSpreadsThemOverTheOthers() {
    Ring three = Ring.of(List.of(1, 2, 3));
    Ring two = Ring.of(List.of(1, 3));
    Map<Integer, Integer> movedTo = new HashMap<>();
    for (String user : USERS) {
      int before = three.owner(user);
      int after = two.owner(user);
      if (before != 2) {
        assertThat(after).as(user).isEqualTo(before);
      } else {
        movedTo.merge(after, 1, Integer::sum);
      }
    }
    assertThat(movedTo).containsOnlyKeys(1, 3);
    int moved = movedTo.values().stream().mapToInt(Integer::intValue).sum();
    movedTo.values().forEach(share -> assertThat(share).isBetween(moved * 35 / 100, moved * 65 / 100));
  }

  @Test
  void aSingleNodeOwnsEverythingAndAnEmptyRingNothing() {
    Ring alone = Ring.of(List.of(7));
    USERS.stream().limit(100).forEach(user -> assertThat(alone.owner(user)).isEqualTo(7));
    assertThatThrownBy(() -> Ring.of(List.of()).owner("alice")).isInstanceOf(IllegalStateException.class);
  }
}
