package dev.perch.api.auth;

import dev.perch.model.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code perch token <user> [ttl-seconds]}: prints a bearer token for {@code user}, signed with the
 * secret the server uses ({@code PERCH_AUTH_SECRET}, else {@code PERCH_AUTH_SECRET_FILE}, else
 * {@code ~/.perch/jwt-secret}). Runs without starting the server.
 */
public final class TokenCommand {

  private static final Duration DEFAULT_TTL = Duration.ofHours(24);

  private TokenCommand() {}

  /** Returns the process exit status. */
  public static int run(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: perch token <user> [ttl-seconds]");
      return 2;
    }
    try {
      UserId user = UserId.of(args[0]);
      Duration ttl = args.length == 2 ? Duration.ofSeconds(Long.parseLong(args[1])) : DEFAULT_TTL;
      String file = System.getenv("PERCH_AUTH_SECRET_FILE");
      Tokens tokens = new Tokens(JwtSecret.resolve(System.getenv("PERCH_AUTH_SECRET"), file == null ? null : Path.of(file)));
      System.out.println(tokens.mint(user, Instant.now(), ttl));
      return 0;
    } catch (RuntimeException e) {
      System.err.println("perch token: " + e.getMessage());
      return 1;
    }
  }
}
