package dev.perch.cluster;

import java.time.Instant;
import java.util.List;

/** The embedded mode's cluster: this node alone, always registered, owner of every key. */
public final class LocalMembership implements Membership {

  private final NodeRecord self;
  private final Ring ring;

  public LocalMembership(int id, String address, Instant startedAt) {
    this.self = new NodeRecord(id, address, startedAt, startedAt);
    this.ring = Ring.of(List.of(id));
  }

  @Override
  public int self() {
    return self.id();
  }

  @Override
  public List<NodeRecord> live() {
    return List.of(self);
  }

  @Override
  public Ring ring() {
    return ring;
  }

  @Override
  public boolean registered() {
    return true;
  }
}
