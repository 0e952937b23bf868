package dev.perch.api.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything Perch can be configured with, under {@code perch.*} (or {@code PERCH_*} environment
 * variables). Defaults are the embedded mode: in-memory store, in-process bus. docs and the README
 * configuration table list each key.
 *
 * @param nodeId this node's id in message ids, 0..1023; nodes sharing a store need distinct ids
 * @param auth bearer token verification
 * @param limits per-user limits
 * @param retention what the embedded stores keep
 */
@ConfigurationProperties("perch")
public record PerchProperties(
    @DefaultValue("0") int nodeId,
    @DefaultValue Auth auth,
    @DefaultValue Limits limits,
    @DefaultValue Retention retention) {

  /**
   * @param secret HS256 secret, at least 32 bytes; when blank, the secret in {@code secretFile} is
   *     used, generated there on first start
   * @param secretFile where the generated secret lives, shared with {@code perch token}; default
   *     {@code ~/.perch/jwt-secret}
   */
  public record Auth(
      @DefaultValue("") String secret,
      Path secretFile) {}

  /** @param parkedPollsPerUser polls one user may have waiting on one node at once */
  public record Limits(@DefaultValue("16") int parkedPollsPerUser) {}

  /**
   * @param updatesPerUser newest updates kept per user stream (embedded store)
   * @param messagesPerConversation newest messages kept per conversation (embedded store)
   * @param idempotencyWindow how long a clientMsgId is remembered per sender
   */
  public record Retention(
      @DefaultValue("10000") int updatesPerUser,
      @DefaultValue("10000") int messagesPerConversation,
      @DefaultValue("24h") Duration idempotencyWindow) {}
}
