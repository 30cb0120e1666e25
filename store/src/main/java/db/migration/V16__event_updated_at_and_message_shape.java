package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Events as Apten shapes them (issue 18):
 *
 * <ul>
 *   <li>{@code updated_at}: when the event last changed, filled with its time; the events page
 *       orders and filters by it;
 *   <li>a send's event gets {@code dedupe_key} {@code send:{idempotencyKey}}, so a later delivery
 *       status finds it by the unique index and moves its {@code updated_at};
 *   <li>a MESSAGE or EMAIL gets {@code direction}, {@code deliveryChannel}, {@code isAiGenerated}
 *       and {@code content: {"text", "subject"}} (it was a string); a MESSAGE_RECEIVED becomes an
 *       INBOUND MESSAGE.
 * </ul>
 *
 * A Java migration because the data is JSON kept as text, which PostgreSQL and H2 cannot edit with
 * the same SQL. The rules are copied here, not called, so that later code cannot change what this
 * migration did.
 */
public class V16__event_updated_at_and_message_shape extends BaseJavaMigration {
  private static final int BATCH = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE lead_events ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE");
      statement.execute("UPDATE lead_events SET updated_at = occurred_at");
      statement.execute("ALTER TABLE lead_events ALTER COLUMN updated_at SET NOT NULL");
      statement.execute(
          "CREATE INDEX lead_events_by_lead_updated ON lead_events (lead_id, updated_at, id)");
    }
    rewrite(connection);
  }

  private static void rewrite(Connection connection) throws Exception {
    try (PreparedStatement read =
            connection.prepareStatement(
                "SELECT id, type, data, dedupe_key FROM lead_events"
                    + " WHERE type IN ('MESSAGE', 'EMAIL', 'CALL', 'COMPLIANCE_BLOCKED',"
                    + " 'MESSAGE_RECEIVED')");
        PreparedStatement write =
            connection.prepareStatement(
                "UPDATE lead_events SET type = ?, data = ?, dedupe_key = ? WHERE id = ?")) {
      read.setFetchSize(BATCH);
      int pending = 0;
      try (ResultSet rows = read.executeQuery()) {
        while (rows.next()) {
          String type = rows.getString(2);
          JsonNode parsed = JSON.readTree(rows.getString(3));
          String dedupeKey = rows.getString(4);
          if (!(parsed instanceof ObjectNode data)) {
            continue;
          }
          String newType = type;
          if (type.equals("MESSAGE_RECEIVED")) {
            newType = "MESSAGE";
            message(data, "INBOUND", "SMS", null);
          } else if (type.equals("MESSAGE") || type.equals("EMAIL")) {
            outbound(data, type);
          }
          if (dedupeKey == null
              && !type.equals("MESSAGE_RECEIVED")
              && data.path("idempotencyKey").isTextual()) {
            dedupeKey = "send:" + data.get("idempotencyKey").asText();
          }
          write.setString(1, newType);
          write.setString(2, JSON.writeValueAsString(data));
          write.setString(3, dedupeKey);
          write.setLong(4, rows.getLong(1));
          write.addBatch();
          if (++pending == BATCH) {
            write.executeBatch();
            pending = 0;
          }
        }
      }
      if (pending > 0) {
        write.executeBatch();
      }
    }
  }

  /**
   * A follow-up or one-off send. An email's subject is {@code data.subject} and its content the
   * text body alone: V13 split every email stored as "subject\n\nbody", and the ledger has written
   * them apart since. So nothing is split here: an email without a subject (none was rendered)
   * keeps its whole text as the body, where splitting it again would cut a body at its first blank
   * line.
   */
  private static void outbound(ObjectNode data, String type) {
    if (type.equals("EMAIL")) {
      String subject = data.path("subject").isTextual() ? data.get("subject").asText() : null;
      data.remove("subject");
      message(data, "OUTBOUND", "EMAIL", subject);
    } else {
      message(data, "OUTBOUND", "SMS", null);
    }
  }

  private static void message(
      ObjectNode data, String direction, String deliveryChannel, String subject) {
    JsonNode content = data.get("content");
    if (content == null || content.isNull() || content.isTextual()) {
      ObjectNode object = data.objectNode();
      if (content != null && content.isTextual()) {
        object.put("text", content.asText());
      } else {
        object.putNull("text");
      }
      if (deliveryChannel.equals("EMAIL")) {
        object.put("subject", subject);
      }
      data.set("content", object);
    }
    data.put("direction", direction);
    data.put("deliveryChannel", deliveryChannel);
    data.put("isAiGenerated", false);
  }
}
