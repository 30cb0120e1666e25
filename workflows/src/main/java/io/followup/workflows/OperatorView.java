package io.followup.workflows;

import static io.followup.workflows.FollowUpSearchAttributes.FOLLOW_UP_STATUS;
import static io.followup.workflows.FollowUpSearchAttributes.FOLLOW_UP_STEP;
import static io.followup.workflows.FollowUpSearchAttributes.LAST_FOLLOW_UP_OUTCOME;
import static io.followup.workflows.FollowUpSearchAttributes.LEAD_ID;
import static io.followup.workflows.FollowUpSearchAttributes.NEXT_CHANNEL;
import static io.followup.workflows.FollowUpSearchAttributes.NEXT_FOLLOW_UP_AT;
import static io.followup.workflows.FollowUpSearchAttributes.OPTED_OUT;

import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.StepConfig;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an operator sees of a lead's workflow in the Temporal UI. Called from workflow code only.
 */
final class OperatorView {
  private OperatorView() {}

  static void publish(FollowUpState state, FollowUpOptions options) {
    upsertChanged(state);
    Workflow.setCurrentDetails(details(state, options));
  }

  /** Upserts only the attributes whose value changed, so the history does not grow for nothing. */
  private static void upsertChanged(FollowUpState state) {
    SearchAttributes current = Workflow.getTypedSearchAttributes();
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    diff(current, LEAD_ID, state.leadId(), updates);
    diff(current, FOLLOW_UP_STEP, (long) state.followUpStep(), updates);
    diff(current, FOLLOW_UP_STATUS, state.followUpStatus().name(), updates);
    diff(
        current,
        NEXT_FOLLOW_UP_AT,
        state.nextFollowUpAt() == null ? null : state.nextFollowUpAt().atOffset(ZoneOffset.UTC),
        updates);
    diff(
        current,
        NEXT_CHANNEL,
        state.nextChannel() == null ? null : state.nextChannel().wireName(),
        updates);
    diff(current, LAST_FOLLOW_UP_OUTCOME, state.lastOutcome(), updates);
    // only once a lead opted out: a lead that never did has no value, not false
    if (state.unsubscribed() || current.containsKey(OPTED_OUT)) {
      diff(current, OPTED_OUT, state.unsubscribed(), updates);
    }
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate[]::new));
    }
  }

  private static <T> void diff(
      SearchAttributes current,
      SearchAttributeKey<T> key,
      T wanted,
      List<SearchAttributeUpdate<?>> updates) {
    T existing = current.containsKey(key) ? current.get(key) : null;
    if (existing instanceof OffsetDateTime at && wanted instanceof OffsetDateTime want) {
      if (at.toInstant().equals(want.toInstant())) {
        return;
      }
    } else if (Objects.equals(existing, wanted)) {
      return;
    }
    if (wanted == null) {
      if (existing != null) {
        updates.add(key.valueUnset());
      }
    } else {
      updates.add(key.valueSet(wanted));
    }
  }

  static String details(FollowUpState state, FollowUpOptions options) {
    StringBuilder md = new StringBuilder();
    md.append("**Lead** `").append(state.leadId()).append("`  \n");
    md.append("**Status** ").append(state.followUpStatus());
    md.append(" · **Step** ").append(state.followUpStep());
    if (state.nextChannel() != null) {
      md.append(" · **Next channel** ").append(state.nextChannel().wireName());
    }
    if (state.followUpStatus() == FollowUpStatus.PAUSED) {
      md.append("  \n**Paused** ")
          .append(state.resumeAt() == null ? "until resumed" : "until " + state.resumeAt())
          .append(" · the step has ")
          .append(
              Duration.ofMillis(
                  state.pausedRemainingMillis() == null ? 0 : state.pausedRemainingMillis()))
          .append(" left");
    }
    md.append("  \n**Next follow-up** ")
        .append(state.nextFollowUpAt() == null ? "none" : state.nextFollowUpAt().toString())
        .append("  \n**Last outcome** ")
        .append(state.lastOutcome() == null ? "none" : state.lastOutcome())
        .append(" · **Sends** ")
        .append(state.sendSeq())
        .append(" · **Changes** ")
        .append(state.changeSeq())
        .append(" · **Strategies** ")
        .append(state.useStrategiesForFollowUps() ? "on" : "off")
        .append(state.unsubscribed() ? " · **Opted out** of texts and calls" : "")
        .append("\n\n");
    if (state.followUpConfig().isEmpty()) {
      md.append("_No follow-up config._\n");
    } else {
      md.append("| Step | Hours | Channel | Voicemail | Strategies |\n");
      md.append("|---|---|---|---|---|\n");
      for (Map.Entry<Integer, StepConfig> e : state.followUpConfig().steps().entrySet()) {
        StepConfig step = e.getValue();
        boolean armed = e.getKey() == state.followUpStep();
        md.append("| ")
            .append(armed ? "**" + e.getKey() + "** ◀" : e.getKey().toString())
            .append(" | ")
            .append(step.hours())
            .append(" | ")
            .append(step.channel().wireName())
            .append(" | ")
            .append(step.leavesVoicemail() ? "yes" : "no")
            .append(" | ")
            .append(step.strategyIds() == null ? "-" : String.join(", ", step.strategyIds()))
            .append(" |\n");
      }
    }
    md.append("\nAfter the last step: ")
        .append(options.afterLastStep())
        .append(" (nurture every ")
        .append(options.nurtureIntervalHours())
        .append(" h by ")
        .append(options.nurtureChannel().wireName())
        .append(")\n");
    return md.toString();
  }
}
