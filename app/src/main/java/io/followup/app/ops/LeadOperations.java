package io.followup.app.ops;

import io.followup.api.core.LeadCommands;
import io.followup.store.FollowUpStateJson;
import io.followup.store.LeadDao;
import io.followup.store.LeadMessageDao;
import io.followup.store.LeadRow;
import io.followup.store.Sql;
import io.followup.workflows.LeadFollowUpWorkflow;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.WorkflowIds;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.OneOffMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes over every stored lead that operators (and the embedded run) make against Temporal, and
 * the store's view of what is due. Each pass is safe to repeat: it only does what is still missing.
 */
public final class LeadOperations {
  private static final Logger log = LoggerFactory.getLogger(LeadOperations.class);
  private static final int PAGE = 500;

  private LeadOperations() {}

  /** A recovery pass: leads read, workflows started, found running, not started (logged). */
  public record Recovered(int read, int started, int running, int failed) {
    @Override
    public String toString() {
      return read
          + " leads: "
          + started
          + " workflows started, "
          + running
          + " already running, "
          + failed
          + " failed";
    }
  }

  /** A settings roll-out: leads read, updated, already current, without a workflow, failed. */
  public record RolledOut(int read, int changed, int unchanged, int missing, int failed) {
    @Override
    public String toString() {
      return read
          + " leads: "
          + changed
          + " updated, "
          + unchanged
          + " had these settings already, "
          + missing
          + " without a running workflow, "
          + failed
          + " failed";
    }
  }

  /** A lead that comes due: no personal data, only what an operator needs to find it. */
  public record DueLead(String leadId, int step, String status, String channel, Instant dueAt) {}

  /**
   * Starts the workflow of every stored lead that has none running, from its stored projection
   * (pending due instant included) with {@code options}. A running workflow is left alone and
   * counted; a lead whose workflow cannot be started is logged (class and SQL state only) and
   * counted, and the pass goes on.
   */
  public static Recovered recreateMissing(
      Jdbi jdbi, WorkflowClient client, FollowUpOptions options, OpsPace pace, Progress progress)
      throws InterruptedException {
    return recreateMissing(jdbi, client, options, pace, progress, () -> false);
  }

  /**
   * @param stop checked before each lead: once true the pass ends where it is (the leads it did not
   *     reach are not counted)
   */
  public static Recovered recreateMissing(
      Jdbi jdbi,
      WorkflowClient client,
      FollowUpOptions options,
      OpsPace pace,
      Progress progress,
      BooleanSupplier stop)
      throws InterruptedException {
    int[] counts = new int[4];
    forEachLead(
        jdbi,
        pace,
        stop,
        row -> {
          counts[0]++;
          try {
            LeadFollowUpWorkflow workflow =
                client.newWorkflowStub(
                    LeadFollowUpWorkflow.class,
                    WorkflowOptions.newBuilder(LeadWorkflows.options(row.id()))
                        // only the missing ones: a running workflow answers "already started"
                        .setWorkflowIdConflictPolicy(
                            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                        .build());
            // the lead's accepted, unsent one-off messages go with it (sendMessage)
            List<OneOffMessage> pending =
                jdbi.withExtension(LeadMessageDao.class, dao -> dao.pending(row.id())).stream()
                    .map(LeadCommands::oneOff)
                    .toList();
            WorkflowClient.start(
                workflow::run,
                new LeadFollowUpInput(row.id(), FollowUpStateJson.of(row), options)
                    .withPendingMessages(pending));
            counts[1]++;
          } catch (WorkflowExecutionAlreadyStarted running) {
            counts[2]++;
          } catch (RuntimeException e) {
            counts[3]++;
            log.warn("could not re-create the workflow of lead {}: {}", row.id(), Sql.describe(e));
          }
          progress.step(
              counts[0],
              () -> "recover: " + new Recovered(counts[0], counts[1], counts[2], counts[3]));
        });
    return new Recovered(counts[0], counts[1], counts[2], counts[3]);
  }

  /**
   * Hands {@code options} to every lead's running workflow ({@code applySettings}); a workflow that
   * had them already changes nothing. A lead without a running workflow is counted (run {@code
   * recover} first), a failure is logged and counted, and the pass goes on.
   */
  public static RolledOut rolloutSettings(
      Jdbi jdbi, WorkflowClient client, FollowUpOptions options, OpsPace pace, Progress progress)
      throws InterruptedException {
    int[] counts = new int[5];
    forEachLead(
        jdbi,
        pace,
        row -> {
          counts[0]++;
          try {
            boolean changed =
                client
                    .newWorkflowStub(LeadFollowUpWorkflow.class, WorkflowIds.forLead(row.id()))
                    .applySettings(options);
            counts[changed ? 1 : 2]++;
          } catch (RuntimeException e) {
            if (notRunning(e)) {
              counts[3]++;
              log.warn("lead {} has no running workflow; run recover", row.id());
            } else {
              counts[4]++;
              log.warn("could not roll the settings out to lead {}: {}", row.id(), Sql.describe(e));
            }
          }
          progress.step(
              counts[0],
              () ->
                  "rollout-settings: "
                      + new RolledOut(counts[0], counts[1], counts[2], counts[3], counts[4]));
        });
    return new RolledOut(counts[0], counts[1], counts[2], counts[3], counts[4]);
  }

  /**
   * The scheduled and long-term leads whose next follow-up is due before {@code now + within}, as
   * the store has them (overdue ones included, first), soonest first, at most {@code limit}.
   */
  public static List<DueLead> due(Jdbi jdbi, Instant now, Duration within, int limit) {
    Instant until = now.plus(within);
    return jdbi.withExtension(LeadDao.class, dao -> dao.dueBefore(until, limit)).stream()
        .map(
            row -> {
              FollowUpState state = FollowUpStateJson.of(row);
              return new DueLead(
                  row.id(),
                  row.followUpStep(),
                  row.followUpStatus(),
                  state.nextChannel() == null ? null : state.nextChannel().wireName(),
                  row.nextFollowUpAt());
            })
        .toList();
  }

  /** How many leads {@link #due} would list without its limit. */
  public static long countDue(Jdbi jdbi, Instant now, Duration within) {
    Instant until = now.plus(within);
    return jdbi.withExtension(LeadDao.class, dao -> dao.countDueBefore(until));
  }

  /**
   * Every stored lead, a page at a time, each after its slot in {@code pace}: the due ones first,
   * soonest first, then the others by id. After a restart of the embedded run the re-creation
   * reaches the leads whose step is due (overdue by the downtime, or due soon) before the idle
   * ones, instead of at their turn by id (up to the whole pass: 16 minutes at 50,000 leads). A lead
   * whose due instant moves while the pass runs may be visited twice (the second visit finds its
   * workflow running) or not at all; the change that moved it started its workflow itself.
   */
  private static void forEachLead(Jdbi jdbi, OpsPace pace, Consumer<LeadRow> action)
      throws InterruptedException {
    forEachLead(jdbi, pace, () -> false, action);
  }

  private static void forEachLead(
      Jdbi jdbi, OpsPace pace, BooleanSupplier stop, Consumer<LeadRow> action)
      throws InterruptedException {
    forEachLead(jdbi, pace, PAGE, stop, action);
  }

  static void forEachLead(
      Jdbi jdbi, OpsPace pace, int pageSize, BooleanSupplier stop, Consumer<LeadRow> action)
      throws InterruptedException {
    Instant afterDue = Instant.EPOCH;
    String after = "";
    while (true) {
      Instant fromDue = afterDue;
      String from = after;
      List<LeadRow> page =
          jdbi.withExtension(LeadDao.class, dao -> dao.scanDue(fromDue, from, pageSize));
      for (LeadRow row : page) {
        if (stop.getAsBoolean()) {
          return;
        }
        pace.acquire();
        action.accept(row);
      }
      if (page.size() < pageSize) {
        break;
      }
      afterDue = page.get(page.size() - 1).nextFollowUpAt();
      after = page.get(page.size() - 1).id();
    }
    after = "";
    while (true) {
      String from = after;
      List<LeadRow> page = jdbi.withExtension(LeadDao.class, dao -> dao.scanNotDue(from, pageSize));
      for (LeadRow row : page) {
        if (stop.getAsBoolean()) {
          return;
        }
        pace.acquire();
        action.accept(row);
      }
      if (page.size() < pageSize) {
        return;
      }
      after = page.get(page.size() - 1).id();
    }
  }

  private static boolean notRunning(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof WorkflowNotFoundException
          || (t instanceof StatusRuntimeException status
              && status.getStatus().getCode() == Status.Code.NOT_FOUND)) {
        return true;
      }
    }
    return false;
  }
}
