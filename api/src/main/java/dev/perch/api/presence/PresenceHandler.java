package dev.perch.api.presence;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.perch.api.http.Exchange;
import dev.perch.api.http.Reply;
import dev.perch.api.http.WireTime;
import dev.perch.error.InvalidRequestException;
import dev.perch.model.UserId;
import dev.perch.presence.PresenceService;
import dev.perch.presence.PresenceState;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/presence?users=a,b}: the presence of up to {@link #MAX_USERS} users, each
 * {@code online} (with its devices: parked polls), {@code offline} (with when it was last seen, if
 * ever) or {@code unknown} for a user whose presence the caller may not see.
 */
public final class PresenceHandler {

  /** The most users one call asks for. */
  public static final int MAX_USERS = 100;

  private final PresenceService presence;

  public PresenceHandler(PresenceService presence) {
    this.presence = presence;
  }

  public Mono<Reply> presence(Exchange exchange) {
    List<UserId> users = users(exchange.query().single("users", "invalid_users"));
    return presence.lookup(exchange.caller(), users)
        .map(seen -> Reply.ok(new PresenceList(seen.stream().map(PresenceView::of).toList())));
  }

  private static List<UserId> users(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new InvalidRequestException("invalid_users",
          "users is required: a comma-separated list of 1 to " + MAX_USERS + " user ids.");
    }
    Set<UserId> users = new LinkedHashSet<>();
    for (String id : raw.split(",", -1)) {
      users.add(UserId.of(id));
      if (users.size() > MAX_USERS) {
        throw new InvalidRequestException("too_many_users",
            "users names at most " + MAX_USERS + " user ids a call.");
      }
    }
    return List.copyOf(users);
  }

  record PresenceList(List<PresenceView> users) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PresenceView(String user, String state, Integer devices, String lastSeen) {

    static PresenceView of(PresenceService.Seen seen) {
      PresenceState state = seen.state();
      if (state == null) {
        return new PresenceView(seen.user().value(), "unknown", null, null);
      }
      return new PresenceView(seen.user().value(), state.online() ? "online" : "offline", state.devices(),
          state.lastSeen() == null ? null : WireTime.format(state.lastSeen()));
    }
  }
}
