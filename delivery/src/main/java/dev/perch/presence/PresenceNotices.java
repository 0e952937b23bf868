package dev.perch.presence;

import dev.perch.model.Conversation;
import dev.perch.model.PresenceChange;
import dev.perch.model.UserId;
import dev.perch.send.FanOut;
import dev.perch.store.MessageStore;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * Tells a user's 1-1 peers that the user came online or went offline, as {@code presence}
 * updates, coalesced: at most one per user per {@link PresenceSettings#coalesce()}. A change
 * within that window waits for its end, and only the user's state then is sent, and only if it
 * differs from the one sent last; so a flapping client costs its peers one update per window at
 * most. Thread-safe.
 */
public final class PresenceNotices {

  private static final Logger log = LoggerFactory.getLogger(PresenceNotices.class);

  private final MessageStore messages;
  private final FanOut fanOut;
  private final PresenceSettings settings;
  private final Scheduler scheduler;
  private final ConcurrentMap<UserId, Window> windows = new ConcurrentHashMap<>();

  /** A user's open window: what was sent at its start, and the latest change since. */
  private static final class Window {
    final boolean sentOnline;
    PresenceChange pending;

    Window(boolean sentOnline) {
      this.sentOnline = sentOnline;
    }
  }

  public PresenceNotices(
      MessageStore messages, FanOut fanOut, PresenceSettings settings, Scheduler scheduler) {
    this.messages = messages;
    this.fanOut = fanOut;
    this.settings = settings;
    this.scheduler = scheduler;
  }

  /** {@code user} came online ({@code online}) or went offline, last seen at {@code lastSeenMillis}. */
  public void changed(UserId user, boolean online, long lastSeenMillis) {
    PresenceChange change = new PresenceChange(user, online, Instant.ofEpochMilli(lastSeenMillis));
    boolean[] sendNow = {false};
    windows.compute(user, (u, window) -> {
      if (window == null) {
        sendNow[0] = true;
        return new Window(online);
      }
      window.pending = change;
      return window;
    });
    if (sendNow[0]) {
      send(change);
      scheduler.schedule(() -> close(user), settings.coalesce().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Ends {@code user}'s window: sends its latest change if it differs from the one sent. */
  private void close(UserId user) {
    Window window = windows.remove(user);
    if (window != null && window.pending != null && window.pending.online() != window.sentOnline) {
      changed(user, window.pending.online(), window.pending.lastSeen().toEpochMilli());
    }
  }

  private void send(PresenceChange change) {
    messages.conversations(change.user(), settings.peers())
        .map(Conversation::peer)
        .collectList()
        .flatMap(peers -> fanOut.append(change, peers, scheduler))
        .subscribe(null, e -> log.info("presence of {} not told to all peers: {}", change.user(), e.toString()));
  }
}
