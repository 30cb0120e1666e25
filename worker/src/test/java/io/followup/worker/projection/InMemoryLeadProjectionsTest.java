package io.followup.worker.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.model.FollowUpState;
import org.junit.jupiter.api.Test;

class InMemoryLeadProjectionsTest {
  @Test
  void aLateRetryOfAnOlderStateDoesNotOverwriteANewerOne() {
    InMemoryLeadProjections projections = new InMemoryLeadProjections();
    FollowUpState older = FollowUpState.unscheduled("L").revised(4);
    // a lead-facts change moves neither changeSeq nor sendSeq: only the revision orders them
    FollowUpState newer = older.withLeadFacts(true, "Europe/Paris", false).revised(5);

    projections.saveProjection(newer);
    projections.saveProjection(older);

    assertThat(projections.find("L")).contains(newer);
    assertThat(projections.find("M")).isEmpty();
  }
}
