package io.followup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.BlockReason;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.worker.check.ComplianceCheck;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.support.EnvironmentClock;
import io.followup.worker.support.ScriptedProvider;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.StepConfig;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code REQUIRE_CONSENT_FOR=text,call} through the real workflow and senders, with time skipping:
 * a lead without consent is neither texted nor called (each step {@code BLOCKED NO_CONSENT}), its
 * emails go; a lead with consent gets all three. T0 is Monday 2026-01-05 15:00 UTC (10:00 in New
 * York), every step inside the window.
 */
@Timeout(60)
class ConsentTimelineTest {
  private static final Instant T0 = Instant.parse("2026-01-05T15:00:00Z");

  private final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
  private final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
  private final InMemoryLeadProjections projections = new InMemoryLeadProjections();
  private final ScriptedProvider texts = new ScriptedProvider(ScriptedProvider.Mode.ACCEPT);
  private final ScriptedProvider calls = new ScriptedProvider(ScriptedProvider.Mode.ACCEPT);
  private final ScriptedProvider emails = new ScriptedProvider(ScriptedProvider.Mode.ACCEPT);
  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTime(T0).build());
    FollowUpSearchAttributes.definitions().forEach(env::registerSearchAttribute);
    WorkerDependencies deps =
        new WorkerDependencies(
            ledger,
            leads,
            projections,
            null,
            texts,
            calls,
            emails,
            null,
            null,
            null,
            ComplianceCheck.NONE.requiringConsentFor(Set.of(Channel.TEXT, Channel.CALL)),
            new EnvironmentClock(env),
            null);
    FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), deps);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private void start(String leadId) {
    leads.put(
        new Lead(
            leadId,
            "Ada",
            "Lovelace",
            "+12125550123",
            leadId + "@example.com",
            "America/New_York",
            Map.of(),
            false,
            false,
            null));
    TreeMap<Integer, StepConfig> steps = new TreeMap<>();
    steps.put(1, StepConfig.of(0.5, Channel.TEXT));
    steps.put(2, StepConfig.of(0.5, Channel.CALL));
    steps.put(3, StepConfig.of(0.5, Channel.EMAIL));
    LeadWorkflows.applyWithStart(
        env.getWorkflowClient(),
        new LeadFollowUpInput(leadId, null, FollowUpOptions.DEFAULTS),
        FollowUpChange.reset(new FollowUpConfig(steps), 1),
        null);
  }

  private java.util.List<String> outcomes(String leadId) {
    return ledger.listByLead(leadId).stream()
        .sorted(java.util.Comparator.comparing(LedgerEntry::followUpStep))
        .map(LedgerEntry::result)
        .map(
            send ->
                send.channel().wireName()
                    + " "
                    + send.status()
                    + (send.status() == DeliveryStatus.BLOCKED ? " " + send.reason() : ""))
        .toList();
  }

  @Test
  void withoutConsentNoTextOrCallGoesButTheEmailDoes() {
    start("no-consent");
    leads.consent("consented");
    start("consented");
    env.sleep(Duration.ofHours(3));

    assertThat(outcomes("no-consent"))
        .containsExactly(
            "text BLOCKED " + BlockReason.NO_CONSENT,
            "call BLOCKED " + BlockReason.NO_CONSENT,
            "email SENT");
    assertThat(outcomes("consented")).containsExactly("text SENT", "call ANSWERED", "email SENT");
    assertThat(texts.handedOver).hasSize(1);
    assertThat(calls.handedOver).hasSize(1);
    assertThat(emails.handedOver).hasSize(2);
  }
}
