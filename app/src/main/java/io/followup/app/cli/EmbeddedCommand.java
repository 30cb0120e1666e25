package io.followup.app.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.ops.LeadOperations;
import io.followup.app.ops.OpsPace;
import io.followup.app.ops.Progress;
import io.followup.app.temporal.WorkflowRecovery;
import io.followup.workflows.model.FollowUpOptions;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import net.sourceforge.argparse4j.inf.Namespace;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code embedded [file]}: everything on one machine for a first try: the API on 127.0.0.1, a
 * worker with every role and logging providers, the in-memory Temporal service and an H2 file
 * database under {@code DATA_DIR}. The bundled {@code embedded.yml} is used when no file is given.
 */
public final class EmbeddedCommand extends ServeCommand {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(EmbeddedCommand.class);

  public EmbeddedCommand(Application<FollowUpConfiguration> application) {
    super(application, "embedded", "Runs everything in one process with embedded defaults");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    if (namespace.getString("file") == null) {
      Map<String, Object> attrs = new HashMap<>(namespace.getAttrs());
      attrs.put("file", "embedded.yml");
      namespace = new Namespace(attrs);
    }
    super.run(bootstrap, namespace);
  }

  @Override
  protected void run(
      Bootstrap<FollowUpConfiguration> bootstrap,
      Namespace namespace,
      FollowUpConfiguration configuration)
      throws Exception {
    configuration.embedded.enabled = true;
    configuration.temporal.embedded = true;
    // the H2 file holds every lead's data, api-key the key: the owner's alone
    DataDirectory.ownerOnly(Path.of(configuration.embedded.dataDir));
    super.run(bootstrap, namespace, configuration);
  }

  /**
   * The configured keys; when none, the key kept in the data directory, generated on first start.
   * The generated key is printed (never logged) so the person trying the engine can use it.
   */
  public static List<String> apiKeys(FollowUpConfiguration configuration) {
    List<String> configured = configuration.auth.keys();
    if (!configured.isEmpty()) {
      return configured;
    }
    Path file = Path.of(configuration.embedded.dataDir, "api-key");
    try {
      DataDirectory.ownerOnly(file.getParent());
      if (!Files.exists(file)) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        DataDirectory.writePrivate(
            file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
      }
      String key = Files.readString(file).strip();
      System.out.println("API key (kept in " + file + "): " + key);
      return List.of(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the API key in " + file, e);
    }
  }

  /**
   * The in-memory Temporal service forgets everything on exit: start each stored lead's workflow
   * again from its projection (a lead whose workflow runs already is left alone), so a follow-up
   * that was pending still runs. The delivery ledger keeps a send that went out before the restart
   * from going out twice. The pass is {@link LeadOperations#recreateMissing}, the operators' {@code
   * recover}, without a pace. A lead whose workflow cannot be started is logged and passed over;
   * the pass then throws {@link WorkflowRecovery.IncompleteRecovery}, so {@link WorkflowRecovery}
   * tries again.
   *
   * @param superseded true once {@code client}'s in-memory service has been replaced: the pass
   *     stops (each call to the closed service would wait for its deadline, a minute a lead, while
   *     the replacement runs a pass of its own)
   * @return the workflows started
   */
  public static int recreateWorkflows(
      Jdbi jdbi, WorkflowClient client, FollowUpOptions options, BooleanSupplier superseded) {
    LeadOperations.Recovered pass;
    try {
      pass =
          LeadOperations.recreateMissing(
              jdbi, client, options, OpsPace.unlimited(), Progress.silent(), superseded);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("re-creating the workflows was interrupted", e);
    }
    if (superseded.getAsBoolean()) {
      log.info(
          "re-creating the lead workflows stopped after {} leads: the in-memory Temporal service was"
              + " replaced, and its replacement re-creates them",
          pass.read());
      return pass.started();
    }
    if (pass.failed() > 0) {
      throw new WorkflowRecovery.IncompleteRecovery(pass.started(), pass.failed());
    }
    return pass.started();
  }
}
