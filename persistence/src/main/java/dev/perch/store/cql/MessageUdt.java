package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import dev.perch.model.ConversationId;
import dev.perch.model.Message;
import dev.perch.model.UserId;

/**
 * Maps a {@link Message} to and from the {@code frozen<message>} type of {@code cql/keyspace.cql}, which
 * {@code updates}, {@code idempotency} and {@code conversations_by_user} share. Frozen, the whole
 * message is one cell: concurrent writes replace it whole, never mixing fields of two messages.
 * The id is its first field, so when two writes carry the same timestamp the store keeps the one
 * whose serialized value is greater: the newer message.
 */
final class MessageUdt {

  private MessageUdt() {}

  /** The type a statement's bind variable {@code column} declares (a message's, or another UDT's). */
  static UserDefinedType typeOf(PreparedStatement statement, String column) {
    return (UserDefinedType) statement.getVariableDefinitions().get(column).getType();
  }

  static UdtValue toUdt(UserDefinedType type, Message m) {
    return type.newValue(m.id(), m.conversationId().value(), m.from().value(), m.to() == null ? null : m.to().value(),
        m.text(), m.clientMsgId(), m.sentAt());
  }

  static Message fromUdt(UdtValue v) {
    return new Message(
        v.getLong("id"),
        ConversationId.parse(v.getString("conversation_id")),
        UserId.of(v.getString("sender")),
        recipient(v.getString("recipient")),
        v.getString("body"),
        v.getString("client_msg_id"),
        v.getInstant("sent_at"));
  }

  /** A 1-1 message's recipient; none for a group's message. */
  static UserId recipient(String stored) {
    return stored == null ? null : UserId.of(stored);
  }
}
