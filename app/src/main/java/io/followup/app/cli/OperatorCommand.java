package io.followup.app.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.config.TemporalFactory;
import io.followup.domain.audit.Actor;
import io.followup.store.Sql;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * An operator's command in the one jar ({@code java -jar followup.jar NAME [options]
 * [config.yml]}): the same configuration as {@code server} (the bundled {@code config.yml} when no
 * file is given), the store, and Temporal when the command needs it. Prints its progress on stdout.
 */
abstract class OperatorCommand extends ConfiguredCommand<FollowUpConfiguration> {
  /** Calls per second against Temporal when {@code --rate} is not given. */
  static final double DEFAULT_RATE = 50;

  /** A progress line every this many leads. */
  static final int PROGRESS_EVERY = 500;

  private final boolean usesTemporal;

  OperatorCommand(String name, String description, boolean usesTemporal) {
    super(name, description);
    this.usesTemporal = usesTemporal;
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    if (usesTemporal) {
      subparser
          .addArgument("--rate")
          .type(Double.class)
          .setDefault(DEFAULT_RATE)
          .help("calls per second against Temporal (default " + DEFAULT_RATE + ")");
    }
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    if (namespace.getString("file") == null) {
      Map<String, Object> attrs = new HashMap<>(namespace.getAttrs());
      attrs.put("file", "config.yml");
      namespace = new Namespace(attrs);
    }
    super.run(bootstrap, namespace);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (!InvalidSettings.print(cli, e)) {
      super.onError(cli, namespace, e);
    }
  }

  @Override
  protected final void run(
      Bootstrap<FollowUpConfiguration> bootstrap,
      Namespace namespace,
      FollowUpConfiguration configuration)
      throws Exception {
    if (usesTemporal) {
      if (namespace.getDouble("rate") <= 0) {
        throw new IllegalArgumentException("--rate: must be above 0 calls per second");
      }
      if (configuration.temporal.embedded) {
        throw new IllegalArgumentException(
            getName()
                + " works against a Temporal server (TEMPORAL_TARGET); the embedded run"
                + " re-creates its workflows and takes its settings at every start");
      }
    }
    ManagedDataSource dataSource =
        configuration.database.build(bootstrap.getMetricRegistry(), "operator");
    try {
      Jdbi jdbi = Sql.withoutValuesInErrors(Jdbi.create(dataSource));
      jdbi.installPlugin(new SqlObjectPlugin());
      // what the command writes names it and the operator's login
      Actor.use(Actor.operator(getName() + ":" + System.getProperty("user.name", "?")));
      if (usesTemporal) {
        try (TemporalFactory.Connection temporal = configuration.temporal.connect()) {
          run(configuration, namespace, jdbi, temporal, System.out);
        }
      } else {
        run(configuration, namespace, jdbi, null, System.out);
      }
    } finally {
      Actor.clear();
      dataSource.stop();
    }
  }

  /**
   * The command itself.
   *
   * @param temporal null for a command that does not use Temporal
   */
  abstract void run(
      FollowUpConfiguration configuration,
      Namespace namespace,
      Jdbi jdbi,
      TemporalFactory.Connection temporal,
      PrintStream out)
      throws Exception;
}
