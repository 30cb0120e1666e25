package io.followup.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.Migrations;
import io.followup.store.support.LeadRows;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLNonTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PATCH whose transaction committed is answered as committed, even when the connection fails
 * afterwards (as when the database shuts down while the answer is on its way): a 503 must mean
 * nothing was changed.
 */
class CommittedChangeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url =
      "jdbc:h2:mem:"
          + UUID.randomUUID()
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
  private final AtomicInteger failedCloses = new AtomicInteger();

  /** The call that fails once a transaction was committed: close, or restoring auto-commit. */
  private String failingCall = "close";

  /** Connections whose {@link #failingCall} fails once a transaction was committed on them. */
  private Connection failingAfterCommit() throws java.sql.SQLException {
    Connection real = DriverManager.getConnection(url, "sa", "");
    boolean[] committed = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                committed[0] = true;
              }
              boolean fails =
                  failingCall.equals("close")
                      ? method.getName().equals("close")
                      : method.getName().equals("setAutoCommit") && Boolean.TRUE.equals(args[0]);
              if (fails && committed[0]) {
                real.close();
                failedCloses.incrementAndGet();
                throw new SQLNonTransientConnectionException("the database is closing", "08006");
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"close", "setAutoCommit"})
  void aCommittedUpdateIsNotReportedAsFailedWhenTheConnectionFailsAfterwards(String call)
      throws Exception {
    failingCall = call;
    Migrations.migrate(url, "sa", "");
    Jdbi plain = Jdbi.create(url, "sa", "").installPlugin(new SqlObjectPlugin());
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    plain.useHandle(h -> LeadStatements.insert(h, LeadRows.unscheduled("L", "+15555550100", now)));
    Jdbi failing = Jdbi.create(this::failingAfterCommit).installPlugin(new SqlObjectPlugin());
    LeadCommands commands =
        new LeadCommands(
            failing,
            new FollowUpGateway(() -> null, null, Duration.ofSeconds(1), null),
            new LeadRequests(StrategyLookup.none()),
            JSON,
            Clock.systemUTC(),
            io.followup.store.webhooks.WebhookOutbox.none(),
            Duration.ZERO);

    commands.update("L", JSON.readTree("{\"additionalInfo\":{\"company\":\"Acme\"}}"), null);

    assertThat(failedCloses.get()).isPositive();
    LeadRow stored = plain.withHandle(h -> LeadStatements.find(h, "L")).orElseThrow();
    assertThat(JSON.readTree(stored.additionalInfo()).get("company").asText()).isEqualTo("Acme");
  }
}
