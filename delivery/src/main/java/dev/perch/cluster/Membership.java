package dev.perch.cluster;

import java.util.List;

/**
 * Which nodes are alive, and the {@link Ring} of them that says which node owns a user (or any
 * other key): the same answer on every node that sees the same live set. Reading never blocks or
 * waits for I/O; implementations refresh their view in the background. Thread-safe.
 */
public interface Membership {

  /** This node's id. */
  int self();

  /** The live nodes, by id; this node is among them once it has registered. */
  List<NodeRecord> live();

  /** The ring of the live nodes; never empty (a node alone, or not yet registered, is its own ring). */
  Ring ring();

  /** Whether this node's own registration is current (its last heartbeat got through in time). */
  boolean registered();
}
