package io.followup.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import io.followup.api.core.ChangePasses;
import io.followup.api.core.FollowUpGateway;
import io.followup.api.core.LeadBatch;
import io.followup.api.core.LeadCommands;
import io.followup.api.core.LeadRequests;
import io.followup.api.core.RequestHash;
import io.followup.api.core.Strategies;
import io.followup.api.core.view.BatchResult;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.config.TemporalFactory;
import io.followup.app.context.StrategyTemplates;
import io.followup.app.ops.CsvLeads;
import io.followup.app.ops.OpsPace;
import io.followup.store.ParsedTemplates;
import io.followup.store.webhooks.WebhookOutbox;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code import-leads --csv leads.csv [--rate N] [config.yml]}: creates (a line without {@code id})
 * or updates (with {@code id}) one lead per CSV line, each exactly as an item of {@code POST
 * /v1/leads/batch} (the same rules, statuses and messages), against the store and a Temporal
 * server. The events it causes name it and the operator ({@code operator}, {@code
 * import-leads:<login>}). A line without {@code idempotencyKey} gets one from its content, so
 * running the same file again skips the lines already done. Prints each line that failed (its
 * number, status and message: never its data) and a summary; exits non-zero when one failed.
 */
public final class ImportLeadsCommand extends OperatorCommand {
  public ImportLeadsCommand() {
    super("import-leads", "Creates or updates leads from a CSV file, one lead a line", true);
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser
        .addArgument("--csv")
        .required(true)
        .help("the CSV: a header of field names (firstName, phone, followUpConfig, id, ...)");
  }

  @Override
  void run(
      FollowUpConfiguration configuration,
      Namespace namespace,
      Jdbi jdbi,
      TemporalFactory.Connection temporal,
      PrintStream out)
      throws Exception {
    Path file = Path.of(namespace.getString("csv"));
    ObjectMapper json = Jackson.newObjectMapper();
    List<CsvLeads.Line> lines;
    try (BufferedReader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      lines = CsvLeads.read(csv, json);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--csv: no such file: " + file);
    }
    Clock clock = Clock.systemUTC();
    ParsedTemplates.install(jdbi);
    ExecutorService calls = Executors.newSingleThreadExecutor();
    try {
      FollowUpGateway gateway =
          new FollowUpGateway(
              temporal::client,
              configuration.followUp.toOptions(),
              Duration.ofMillis(configuration.temporal.updateTimeout.toMilliseconds()),
              calls);
      LeadBatch batch =
          new LeadBatch(
              new LeadCommands(
                  jdbi,
                  gateway,
                  new LeadRequests(new Strategies(jdbi, new StrategyTemplates(), clock)),
                  json,
                  clock,
                  new WebhookOutbox(configuration.webhooks.targets(), json, clock),
                  java.time.Duration.ZERO),
              ChangePasses.none());
      OpsPace pace = new OpsPace(namespace.getDouble("rate"));
      out.println(
          "import-leads: "
              + lines.size()
              + " lines; at most "
              + namespace.getDouble("rate")
              + " leads per second");
      int done = 0;
      int failed = 0;
      for (CsvLeads.Line line : lines) {
        String problem = line.problem();
        if (problem == null) {
          pace.acquire();
          BatchResult result = batch.item(line.number(), withKey(line.item()));
          if (result.status() == 200) {
            done++;
            continue;
          }
          problem = result.status() + " " + result.message();
        }
        failed++;
        out.println("import-leads: line " + line.number() + ": " + problem);
      }
      out.println("import-leads: done: " + done + " created or updated, " + failed + " failed");
      if (failed > 0) {
        throw new IllegalStateException(
            "import-leads: "
                + failed
                + " lines failed; fix them and run the file again (the lines done are skipped)");
      }
    } finally {
      calls.shutdownNow();
    }
  }

  /** A line's own key, else one from its content: the same line, run again, is a repeat. */
  private static ObjectNode withKey(ObjectNode item) {
    if (!item.hasNonNull("idempotencyKey")) {
      item.put("idempotencyKey", "import:" + RequestHash.of(item.toString()));
    }
    return item;
  }
}
