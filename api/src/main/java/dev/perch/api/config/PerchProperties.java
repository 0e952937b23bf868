package dev.perch.api.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything Perch can be configured with, under {@code perch.*} (or {@code PERCH_*} environment
 * variables). Defaults are the embedded mode: in-memory store, in-process bus. docs and the README
 * configuration table list each key.
 *
 * @param backend {@code embedded} (in-memory store, in-process bus) or {@code durable} (CQL store,
 *     Redis bus and sequencer)
 * @param nodeId this node's id in message ids, 0..1023; nodes sharing a store need distinct ids
 * @param auth bearer token verification
 * @param http the HTTP server's threads and connection timeouts
 * @param limits per-user limits
 * @param retention what the embedded stores keep
 * @param redis the Redis of the durable backend
 * @param cql the CQL cluster (ScyllaDB or Cassandra) of the durable backend
 * @param cluster this node among the others: membership heartbeats and its address
 */
@ConfigurationProperties("perch")
public record PerchProperties(
    @DefaultValue("embedded") Backend backend,
    @DefaultValue("0") int nodeId,
    @DefaultValue Auth auth,
    @DefaultValue Http http,
    @DefaultValue Limits limits,
    @DefaultValue Retention retention,
    @DefaultValue Redis redis,
    @DefaultValue Cql cql,
    @DefaultValue Cluster cluster,
    @DefaultValue Presence presence) {

  /** Where messages and streams live. */
  public enum Backend {
    EMBEDDED,
    DURABLE
  }

  /**
   * @param secret HS256 secret, at least 32 bytes; when blank, the secret in {@code secretFile} is
   *     used, generated there on first start
   * @param secretFile where the generated secret lives, shared with {@code perch token}; default
   *     {@code ~/.perch/jwt-secret}
   * @param verifiedTokens most verified tokens remembered at once, each mapped straight to its user;
   *     above the tokens in use, or requests pay for the HMAC again (the default covers the 20,000
   *     connections one process may hold here, with room for senders)
   * @param jwks an identity provider whose RS/PS/ES-signed tokens are accepted besides HS256 ones
   */
  public record Auth(
      @DefaultValue("") String secret,
      Path secretFile,
      @DefaultValue("50000") int verifiedTokens,
      @DefaultValue Jwks jwks) {}

  /**
   * @param uri the provider's JSON Web Key Set: an {@code http(s)} URL or a {@code file:} URI;
   *     unset, only HS256 tokens are accepted
   * @param issuer the {@code iss} its tokens must carry; blank, not checked
   * @param audience a value their {@code aud} must hold; blank, not checked
   * @param userClaim the claim holding the Perch user id (a string that is a valid user id)
   * @param refresh how often the key set is fetched again (also on a token naming an unknown key)
   */
  public record Jwks(
      URI uri,
      @DefaultValue("") String issuer,
      @DefaultValue("") String audience,
      @DefaultValue("sub") String userClaim,
      @DefaultValue("5m") Duration refresh) {}

  /**
   * @param eventLoops the server's event-loop threads; 0 means one per core
   * @param idleTimeout a kept-alive connection that starts no request for this long is closed
   * @param headerTimeout a request's headers must be complete this long after its first byte
   * @param bodyTimeout a request's body must be complete this long after its headers
   */
  public record Http(
      @DefaultValue("0") int eventLoops,
      @DefaultValue("75s") Duration idleTimeout,
      @DefaultValue("10s") Duration headerTimeout,
      @DefaultValue("10s") Duration bodyTimeout) {

    public Http {
      if (eventLoops < 0) {
        throw new IllegalArgumentException("perch.http.event-loops is 0 (one per core) or more");
      }
      if (eventLoops == 0) {
        eventLoops = Runtime.getRuntime().availableProcessors();
      }
    }
  }

  /**
   * @param parkedPollsPerUser polls one user may have waiting on one node at once
   * @param sendsInFlight sends one node runs at once; more answer 503 {@code overloaded}
   * @param sendRate sends per second one sender may make on one node, on average
   * @param sendBurst sends one sender may make at once before {@code sendRate} applies
   * @param sendRateOverrides per-second rates of named senders (server-to-server integrations)
   * @param groupMembers most members one group may have, its creator included
   */
  public record Limits(
      @DefaultValue("16") int parkedPollsPerUser,
      @DefaultValue("256") int sendsInFlight,
      @DefaultValue("50") double sendRate,
      @DefaultValue("200") int sendBurst,
      Map<String, Double> sendRateOverrides,
      @DefaultValue("256") int groupMembers) {

    public Limits {
      sendRateOverrides = sendRateOverrides == null ? Map.of() : Map.copyOf(sendRateOverrides);
    }
  }

  /**
   * @param updatesPerUser newest updates kept per user stream (embedded store)
   * @param messagesPerConversation newest messages kept per conversation (embedded store)
   * @param idempotencyWindow how long a clientMsgId is remembered per sender
   * @param memoryBudget what the embedded stores keep in all, estimated; past it the oldest
   *     updates and messages of any stream or conversation are dropped
   */
  public record Retention(
      @DefaultValue("10000") int updatesPerUser,
      @DefaultValue("10000") int messagesPerConversation,
      @DefaultValue("24h") Duration idempotencyWindow,
      @DefaultValue("512MB") DataSize memoryBudget) {}

  /**
   * @param uri Redis to connect to, e.g. {@code redis://127.0.0.1:6379}; for a cluster, its seed
   *     nodes in one URI, e.g. {@code redis://10.0.0.1:6379,10.0.0.2:6379}
   * @param cluster whether {@code uri} names a Redis Cluster (sharded pub/sub, keys by slot)
   * @param topologyRefresh cluster only: how often the cluster's topology is read again, so a
   *     failover is noticed (also sooner, after redirections and reconnects)
   * @param prefix prefixed to every channel and key, so deployments can share one Redis
   * @param linger how long a user's channel stays subscribed after its last poll ended
   * @param seqJump how far above the durable head a lost sequence counter restarts
   */
  public record Redis(
      @DefaultValue("redis://127.0.0.1:6379") String uri,
      @DefaultValue("false") boolean cluster,
      @DefaultValue("2s") Duration topologyRefresh,
      @DefaultValue("perch:") String prefix,
      @DefaultValue("10s") Duration linger,
      @DefaultValue("1000") long seqJump) {}

  /**
   * @param contactPoints {@code host[:port],...}
   * @param localDatacenter the data center this node reads and writes in
   * @param keyspace the keyspace, created with {@code replication} when missing
   * @param replication the keyspace's replication map, used only when creating it
   * @param consistency of every read and write
   * @param requestTimeout the longest one store request may take
   * @param holeTimeout how long a reader waits for a missing seq; more than twice the request timeout
   * @param updateRetention how long updates are kept
   */
  public record Cql(
      @DefaultValue("127.0.0.1:9042") String contactPoints,
      @DefaultValue("datacenter1") String localDatacenter,
      @DefaultValue("perch") String keyspace,
      @DefaultValue("{'class': 'SimpleStrategy', 'replication_factor': 1}") String replication,
      @DefaultValue("LOCAL_QUORUM") String consistency,
      @DefaultValue("2s") Duration requestTimeout,
      @DefaultValue("5s") Duration holeTimeout,
      @DefaultValue("30d") Duration updateRetention) {}

  /**
   * @param address the base URL other nodes and proxies reach this node at; blank: {@code http://}
   *     {@code server.address}{@code :}{@code server.port}
   * @param heartbeat how often the node renews its entry in the registry (durable backend: Redis)
   * @param expiry an entry not renewed for this long is a dead node, off every node's ring
   * @param refresh how often the node reads the registry's live nodes into its ring
   */
  public record Cluster(
      @DefaultValue("") String address,
      @DefaultValue("10s") Duration heartbeat,
      @DefaultValue("30s") Duration expiry,
      @DefaultValue("1s") Duration refresh) {}

  /**
   * @param grace how long a user stays online after their last poll ended
   * @param coalesce at most one presence update per user per this long reaches their peers
   * @param peers how many of a user's newest 1-1 conversations hear of their presence (and may read it)
   */
  public record Presence(
      @DefaultValue("30s") Duration grace,
      @DefaultValue("5s") Duration coalesce,
      @DefaultValue("200") int peers) {}
}
