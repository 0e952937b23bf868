/**
 * The delivery bus across nodes on Redis pub/sub ({@link dev.perch.bus.redis.RedisDeliveryBus}), the
 * per-user seq counter ({@link dev.perch.bus.redis.RedisSequenceAllocator}), group leases and node
 * membership in Redis, on one server or a Redis Cluster alike ({@link dev.perch.bus.redis.RedisServers}).
 * Plain library code on Lettuce's reactive API; whoever builds these owns the Lettuce client.
 */
package dev.perch.bus.redis;
