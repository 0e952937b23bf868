package dev.perch.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of docs/api.md, both ways: request bodies, and answers read into the value records.
 * Ids are read from strings, as the API sends them. Fields the records do not know are ignored.
 */
final class Wire {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int DETAIL_CHARS = 200;

  private Wire() {}

  static byte[] send(String recipientField, String recipient, String text, String clientMsgId) {
    ObjectNode body = JSON.createObjectNode()
        .put(recipientField, recipient)
        .put("text", text)
        .put("clientMsgId", clientMsgId);
    return JSON.writeValueAsBytes(body);
  }

  static byte[] newGroup(String name, Collection<String> members) {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    strings(body.putArray("members"), members);
    return JSON.writeValueAsBytes(body);
  }

  static byte[] memberChange(Collection<String> add, Collection<String> remove) {
    ObjectNode body = JSON.createObjectNode();
    strings(body.putArray("add"), add);
    strings(body.putArray("remove"), remove);
    return JSON.writeValueAsBytes(body);
  }

  static byte[] readUpTo(long upTo) {
    return JSON.writeValueAsBytes(JSON.createObjectNode().put("upTo", Long.toString(upTo)));
  }

  static Message message(byte[] answer) {
    return message(JSON.readTree(answer));
  }

  static UpdateBatch batch(byte[] answer) {
    JsonNode root = JSON.readTree(answer);
    List<Update> updates = new ArrayList<>();
    for (JsonNode update : root.path("updates")) {
      Update known = update(update);
      if (known != null) {
        updates.add(known);
      }
    }
    return new UpdateBatch(number(root, "cursor"), updates);
  }

  static HistoryPage history(byte[] answer) {
    JsonNode root = JSON.readTree(answer);
    List<Message> messages = new ArrayList<>();
    for (JsonNode message : root.path("messages")) {
      messages.add(message(message));
    }
    String next = text(root, "next");
    return new HistoryPage(messages, next == null ? null : Long.parseLong(next));
  }

  static List<Conversation> conversations(byte[] answer) {
    List<Conversation> conversations = new ArrayList<>();
    for (JsonNode c : JSON.readTree(answer).path("conversations")) {
      JsonNode last = c.get("lastMessage");
      conversations.add(new Conversation(text(c, "id"), text(c, "peer"), text(c, "name"),
          last == null || last.isNull() ? null : message(last), optionalNumber(c, "readUpTo"),
          optionalNumber(c, "peerReadUpTo"), c.path("unread").asInt(), c.path("unreadCapped").asBoolean()));
    }
    return conversations;
  }

  static Group group(byte[] answer) {
    JsonNode g = JSON.readTree(answer);
    String createdAt = text(g, "createdAt");
    return new Group(text(g, "id"), text(g, "name"), text(g, "createdBy"),
        createdAt == null ? null : Instant.parse(createdAt), strings(g.path("admins")), strings(g.path("members")));
  }

  static ReadMarker readMarker(byte[] answer) {
    return readMarker(JSON.readTree(answer));
  }

  /**
   * The exception for a refused request: the problem's {@code code} and {@code detail} when the body
   * is a Perch problem, else an empty code and the body's start (a proxy's error page).
   */
  static PerchException problem(int status, byte[] body, Duration retryAfter) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode problem = JSON.readTree(text);
      String code = text(problem, "code");
      if (code != null) {
        String detail = text(problem, "detail");
        return new PerchException(status, code, detail == null ? "" : detail, retryAfter, null);
      }
    } catch (JacksonException notJson) {
      // Not a problem document: described by its start below.
    }
    String start = text.length() > DETAIL_CHARS ? text.substring(0, DETAIL_CHARS) + "..." : text;
    return new PerchException(status, "", start.isBlank() ? "(no body)" : start.strip(), retryAfter, null);
  }

  /** An update of a known type, or {@code null} for a type this client does not know. */
  private static Update update(JsonNode update) {
    long seq = update.path("seq").asLong();
    switch (update.path("type").asString()) {
      case "message":
        return Update.of(seq, message(update.get("message")));
      case "read":
        return Update.of(seq, readMarker(update.get("read")));
      case "member":
        JsonNode member = update.get("member");
        return Update.of(seq, new MemberChange(text(member, "groupId"), text(member, "by"),
            strings(member.path("added")), strings(member.path("removed"))));
      default:
        return null;
    }
  }

  private static Message message(JsonNode m) {
    return new Message(number(m, "id"), text(m, "conversationId"), text(m, "from"), text(m, "to"), text(m, "text"),
        text(m, "clientMsgId"), Instant.parse(text(m, "sentAt")));
  }

  private static ReadMarker readMarker(JsonNode r) {
    return new ReadMarker(text(r, "conversationId"), text(r, "user"), number(r, "upTo"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static long number(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null) {
      throw new IllegalStateException("the answer lacks " + field + ": " + node);
    }
    return Long.parseLong(value);
  }

  private static Long optionalNumber(JsonNode node, String field) {
    String value = text(node, field);
    return value == null ? null : Long.parseLong(value);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      values.add(value.asString());
    }
    return values;
  }

  private static void strings(ArrayNode array, Collection<String> values) {
    values.forEach(array::add);
  }
}
