package dev.perch.store.cql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CqlSequenceSeedsIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static CqlTestKeyspace keyspace;
  private static CqlSequenceSeeds seeds;

  @BeforeAll
  static void openKeyspace() {
    keyspace = CqlTestKeyspace.open();
    seeds = new CqlSequenceSeeds(keyspace.session(), keyspace.options(), 1_000);
  }

  @AfterAll
  static void dropKeyspace() {
    if (keyspace != null) {
      keyspace.close();
    }
  }

  private static UserId freshUser() {
    return UserId.of("u-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void aNewUsersCounterStartsAtZeroOnlyOnce() {
    UserId user = freshUser();
    assertThat(seeds.seed(user).block(DEADLINE)).isZero();
    assertThat(seeds.seed(user).block(DEADLINE)).as("a second seeding may follow a lost counter").isEqualTo(1_000);
  }

  @Test
  void aLostCounterRestartsAboveTheDurableHead() {
    UserId user = freshUser();
    assertThat(seeds.seed(user).block(DEADLINE)).isZero();
    CqlUpdateStore store = new CqlUpdateStore(keyspace.session(), keyspace.options(),
        new LocalSequenceAllocator(new CqlUpdateHeads(keyspace.session(), keyspace.options())::read));
    Message message = new Message(1, ConversationId.direct(user, user), user, user, "note", null, Instant.now());
    for (int i = 0; i < 3; i++) {
      store.append(user, message).block(DEADLINE);
    }
    assertThat(seeds.seed(user).block(DEADLINE)).isEqualTo(1_003);
  }
}
