/**
 * The delivery bus across nodes on Redis pub/sub ({@link dev.perch.bus.redis.RedisDeliveryBus}), and
 * the per-user seq counter in Redis ({@link dev.perch.bus.redis.RedisSequenceAllocator}). Plain
 * library code on Lettuce's reactive API; whoever builds these owns the {@code RedisClient}.
 */
package dev.perch.bus.redis;
