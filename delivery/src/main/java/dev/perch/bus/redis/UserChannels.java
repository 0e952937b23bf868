package dev.perch.bus.redis;

import dev.perch.model.UserId;

/**
 * Names of the users' wake channels, {@code <prefix>u:{<userId>}}. The braces are a Redis Cluster
 * hash tag: a user's channel hashes to the slot of the user's other keys ({@code <prefix>seq:{<userId>}}),
 * so one shard carries all of them. Immutable.
 */
final class UserChannels {

  private final String head;

  UserChannels(String prefix) {
    this.head = prefix + "u:{";
  }

  String channel(UserId user) {
    return head + user.value() + "}";
  }

  /** The user whose channel this is, or null for a channel not named by these channels. */
  UserId user(String channel) {
    if (!channel.startsWith(head) || !channel.endsWith("}") || channel.length() <= head.length() + 1) {
      return null;
    }
    return UserId.of(channel.substring(head.length(), channel.length() - 1));
  }
}
