package io.followup.worker.support;

import io.followup.domain.lead.Lead;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.model.StepConfig;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.Map;
import java.util.TreeMap;

/** Test environments and leads. */
public final class Envs {
  public static final FollowUpOptions OPTIONS =
      FollowUpOptions.DEFAULTS.withSendingWindow(SendingWindow.ALWAYS);

  private Envs() {}

  /** A time-skipping environment with the search attributes the workflow upserts. */
  public static TestWorkflowEnvironment newEnv() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    FollowUpSearchAttributes.definitions().forEach(env::registerSearchAttribute);
    return env;
  }

  public static Lead lead(String id) {
    return new Lead(
        id,
        "Ada",
        "Lovelace",
        "+15555550100",
        "ada@example.com",
        "Europe/London",
        Map.of("company", "Analytical Engines"),
        false,
        false,
        null);
  }

  /** Steps 1, 2, ... in the given order. */
  public static FollowUpConfig config(StepConfig... steps) {
    TreeMap<Integer, StepConfig> map = new TreeMap<>();
    for (int i = 0; i < steps.length; i++) {
      map.put(i + 1, steps[i]);
    }
    return new FollowUpConfig(map);
  }

  public static StepConfig step(double hours, Channel channel) {
    return StepConfig.of(hours, channel);
  }

  /** Starts the lead's workflow at step 1 of {@code config}. */
  public static void startLead(TestWorkflowEnvironment env, String leadId, FollowUpConfig config) {
    LeadWorkflows.applyWithStart(
        env.getWorkflowClient(),
        new LeadFollowUpInput(leadId, null, OPTIONS),
        FollowUpChange.reset(config, 1),
        null);
  }
}
