package dev.perch.cluster;

import java.time.Instant;

/**
 * A live node as the cluster sees it: its id (the {@code perch.node-id} in its message ids), the
 * base URL it serves on, when it started, and when its last heartbeat reached the registry.
 */
public record NodeRecord(int id, String address, Instant startedAt, Instant lastSeen) {}
