package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * An email's subject in its own column. Until V12 the ledger kept an email's content as its
 * subject, a blank line and its text body, and its EMAIL event's {@code data.content} the same;
 * both are split here once, as the ledger used to split them for the webhook (at the first blank
 * line; without one the whole text was the subject). A Java migration because the events' data is
 * JSON kept as text, which PostgreSQL and H2 cannot edit with the same SQL.
 */
public class V13__email_subject extends BaseJavaMigration {
  private static final int BATCH = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE deliveries ADD COLUMN subject VARCHAR");
    }
    splitDeliveries(connection);
    splitEvents(connection);
  }

  private static void splitDeliveries(Connection connection) throws SQLException {
    try (PreparedStatement read =
            connection.prepareStatement(
                "SELECT idempotency_key, content FROM deliveries"
                    + " WHERE channel = 'email' AND content IS NOT NULL");
        PreparedStatement write =
            connection.prepareStatement(
                "UPDATE deliveries SET subject = ?, content = ? WHERE idempotency_key = ?")) {
      read.setFetchSize(BATCH);
      int pending = 0;
      try (ResultSet rows = read.executeQuery()) {
        while (rows.next()) {
          String[] parts = split(rows.getString(2));
          write.setString(1, parts[0]);
          write.setString(2, parts[1]);
          write.setString(3, rows.getString(1));
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

  /** An email send's event: {@code data.channel} "email", a text {@code content}, no subject. */
  private static void splitEvents(Connection connection) throws Exception {
    try (PreparedStatement read =
            connection.prepareStatement(
                "SELECT id, data FROM lead_events WHERE data LIKE '%\"channel\":\"email\"%'");
        PreparedStatement write =
            connection.prepareStatement("UPDATE lead_events SET data = ? WHERE id = ?")) {
      read.setFetchSize(BATCH);
      int pending = 0;
      try (ResultSet rows = read.executeQuery()) {
        while (rows.next()) {
          JsonNode data = JSON.readTree(rows.getString(2));
          if (!(data instanceof ObjectNode event)
              || !"email".equals(event.path("channel").asText(null))
              || !event.path("content").isTextual()
              || event.has("subject")) {
            continue;
          }
          String[] parts = split(event.get("content").asText());
          event.put("subject", parts[0]);
          event.put("content", parts[1]);
          write.setString(1, JSON.writeValueAsString(event));
          write.setLong(2, rows.getLong(1));
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

  /** The subject and the text body of "subject\n\nbody". */
  static String[] split(String stored) {
    int blank = stored.indexOf("\n\n");
    return blank < 0
        ? new String[] {stored, ""}
        : new String[] {stored.substring(0, blank), stored.substring(blank + 2)};
  }
}
