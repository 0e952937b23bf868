/**
 * The Java client of the Perch HTTP API: {@link dev.perch.client.PerchClient} (its Javadoc states
 * the threading, retry and ordering contract) and the values it answers with. Reactor Netty's HTTP
 * client and Jackson; no Spring. It depends on the wire contract of docs/api.md only.
 *
 * <p><b>Where Perch's own tools keep their wire code.</b> The load generator
 * ({@code clients/loadgen}) makes its groups with this client, but its sends and polls stay on its
 * hand-rolled Netty HTTP/1.1 code: a benchmark measures the server, so the generator's cost per
 * request must be small and steady (requests rendered from bytes prepared once, one buffer per
 * send, answers read without building objects), every failure must be counted rather than retried
 * away, and Nchan must be driven by the very same code to be compared fairly. The history checker
 * reads history and makes its groups with this client, but sends, polls and read markers stay on
 * its own {@code PerchHttp}: it judges every answer (201 against 200 for a repeated key, each
 * status and {@code Retry-After}, each poll's cursor and limit), sends one key to two nodes at
 * once and abandons requests on purpose, all of which a client that retries and hides failures
 * must not do for it.
 */
package dev.perch.client;
