package dev.perch.store.cql;

import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.UdtValue;
import dev.perch.model.ConversationId;
import dev.perch.model.MemberChange;
import dev.perch.model.Message;
import dev.perch.model.PresenceChange;
import dev.perch.model.ReadMarker;
import dev.perch.model.UpdateBody;
import dev.perch.model.UpdateType;
import dev.perch.model.UserId;

/**
 * Maps an update's body to the {@code updates} column of its kind ({@code message}, {@code read},
 * {@code member}, {@code presence}) and back; the row's {@code type} says which one is set. The others stay unset,
 * not null, so an append writes no tombstones.
 */
final class UpdateBodies {

  private UpdateBodies() {}

  /** A builder of {@code statement} with the column of {@code body}'s kind bound. */
  static BoundStatementBuilder bind(PreparedStatement statement, UpdateBody body) {
    BoundStatementBuilder b = statement.boundStatementBuilder();
    if (body instanceof Message message) {
      return b.setUdtValue("message", MessageUdt.toUdt(MessageUdt.typeOf(statement, "message"), message));
    }
    if (body instanceof ReadMarker read) {
      return b.setUdtValue("read", MessageUdt.typeOf(statement, "read").newValue(
          read.conversation().value(), read.user().value(), read.upTo()));
    }
    if (body instanceof PresenceChange presence) {
      return b.setUdtValue("presence", MessageUdt.typeOf(statement, "presence").newValue(
          presence.user().value(), presence.online(), presence.lastSeen()));
    }
    MemberChange change = (MemberChange) body;
    return b.setUdtValue("member", MessageUdt.typeOf(statement, "member").newValue(
        change.group().value(), change.by().value(), UserId.valuesOf(change.added()),
        UserId.valuesOf(change.removed())));
  }

  static UpdateBody read(UpdateType type, Row row) {
    return switch (type) {
      case MESSAGE -> MessageUdt.fromUdt(row.getUdtValue("message"));
      case READ -> {
        UdtValue read = row.getUdtValue("read");
        yield new ReadMarker(ConversationId.parse(read.getString("conversation_id")),
            UserId.of(read.getString("user_id")), read.getLong("up_to"));
      }
      case MEMBER -> {
        UdtValue change = row.getUdtValue("member");
        yield new MemberChange(ConversationId.parseGroup(change.getString("group_id")),
            UserId.of(change.getString("by_user")), UserId.allOf(change.getList("added", String.class)),
            UserId.allOf(change.getList("removed", String.class)));
      }
      case PRESENCE -> {
        UdtValue presence = row.getUdtValue("presence");
        yield new PresenceChange(UserId.of(presence.getString("user_id")), presence.getBoolean("online"),
            presence.getInstant("last_seen"));
      }
    };
  }
}
