package dev.perch.bus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.UserId;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

/** Channel names: hash-tagged by user, and read back to their user. */
class UserChannelsTest {

  private final UserChannels channels = new UserChannels("perch:");

  @Test
  void aUsersChannelCarriesTheUserAsItsHashTag() {
    UserId bob = UserId.of("bob");

    assertThat(channels.channel(bob)).isEqualTo("perch:u:{bob}");
    assertThat(SlotHash.getSlot(channels.channel(bob))).isEqualTo(SlotHash.getSlot("perch:seq:{bob}"));
  }

  @Test
  void aChannelIsReadBackToItsUserAndForeignChannelsToNone() {
    assertThat(channels.user("perch:u:{bob}")).isEqualTo(UserId.of("bob"));
    assertThat(channels.user("other:u:{bob}")).isNull();
    assertThat(channels.user("perch:u:bob")).isNull();
    assertThat(channels.user("perch:u:{}")).isNull();
  }
}
