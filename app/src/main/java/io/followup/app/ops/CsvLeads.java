package io.followup.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.text.StringTokenizer;

/**
 * A CSV of leads ({@code import-leads}): a header naming the batch item's fields, then one lead a
 * line (RFC 4180 quoting within a line, by commons-text's CSV tokenizer; a field cannot span
 * lines). Each line becomes the item {@code POST /v1/leads/batch} takes: an empty cell leaves the
 * field out, the JSON columns ({@code followUpConfig}, {@code additionalInfo}) are parsed, {@code
 * followUpStep} an integer and the flags booleans when they read as such; anything else stays text,
 * so the API's own rules name the field that is wrong.
 */
public final class CsvLeads {
  /** The columns a header may name: the create and PATCH fields, {@code id} and the key. */
  public static final Set<String> COLUMNS =
      Set.of(
          "id",
          "idempotencyKey",
          "firstName",
          "lastName",
          "phone",
          "email",
          "timezone",
          "customerProfile",
          "externalLeadId",
          "isHot",
          "isQualified",
          "summary",
          "useStrategiesForFollowUps",
          "followUpStep",
          "followUpConfig",
          "additionalInfo");

  private static final Set<String> JSON_COLUMNS = Set.of("followUpConfig", "additionalInfo");
  private static final Set<String> FLAGS =
      Set.of("isHot", "isQualified", "useStrategiesForFollowUps");

  /** One data line: its number in the file (the header is line 1) and its item, or why not. */
  public record Line(int number, ObjectNode item, String problem) {}

  private CsvLeads() {}

  /**
   * The lines of {@code csv}; a header that names an unknown column is refused before any line is
   * read (nothing would be imported as asked).
   */
  public static List<Line> read(BufferedReader csv, ObjectMapper json) throws IOException {
    String header = csv.readLine();
    if (header == null) {
      throw new IllegalArgumentException("--csv: is empty (a header line is needed)");
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    List<String> columns = cells(header);
    for (String column : columns) {
      if (!COLUMNS.contains(column)) {
        throw new IllegalArgumentException(
            "--csv: the header names an unknown column '"
                + column
                + "' (columns: "
                + String.join(", ", new java.util.TreeSet<>(COLUMNS))
                + ")");
      }
    }
    List<Line> lines = new ArrayList<>();
    int number = 1;
    String text;
    while ((text = csv.readLine()) != null) {
      number++;
      if (text.isBlank()) {
        continue;
      }
      List<String> cells = cells(text);
      if (cells.size() != columns.size()) {
        lines.add(
            new Line(number, null, "has " + cells.size() + " cells, the header " + columns.size()));
        continue;
      }
      ObjectNode item = json.createObjectNode();
      for (int i = 0; i < columns.size(); i++) {
        put(item, columns.get(i), cells.get(i), json);
      }
      lines.add(new Line(number, item, null));
    }
    return lines;
  }

  private static List<String> cells(String line) {
    StringTokenizer tokens = StringTokenizer.getCSVInstance(line);
    tokens.setIgnoreEmptyTokens(false);
    tokens.setEmptyTokenAsNull(false);
    return new ArrayList<>(tokens.getTokenList());
  }

  private static void put(ObjectNode item, String column, String cell, ObjectMapper json) {
    if (cell == null || cell.isEmpty()) {
      return;
    }
    if (JSON_COLUMNS.contains(column)) {
      try {
        JsonNode value = json.readTree(cell);
        if (value != null) {
          item.set(column, value);
          return;
        }
      } catch (IOException notJson) {
        // left as text: the API names the field
      }
    } else if (column.equals("followUpStep")) {
      try {
        item.put(column, Integer.parseInt(cell.strip()));
        return;
      } catch (NumberFormatException notANumber) {
        // left as text
      }
    } else if (FLAGS.contains(column)
        && (cell.strip().equalsIgnoreCase("true") || cell.strip().equalsIgnoreCase("false"))) {
      item.put(column, Boolean.parseBoolean(cell.strip()));
      return;
    }
    item.put(column, cell);
  }
}
