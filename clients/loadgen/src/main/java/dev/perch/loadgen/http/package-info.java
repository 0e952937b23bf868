/**
 * The generator's own HTTP/1.1 client on raw Netty: keep-alive connections that take pre-rendered
 * request bytes and hand back whole responses, one request in flight per connection, with no
 * per-request client, pool or pipeline objects.
 */
package dev.perch.loadgen.http;
