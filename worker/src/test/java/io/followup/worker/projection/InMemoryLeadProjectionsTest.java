package io.followup.worker.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.model.FollowUpState;
import org.junit.jupiter.api.Test;

class InMemoryLeadProjectionsTest {
  @Test
  void aLateRetryOfAnOlderStateDoesNotOverwriteANewerOne() {
    InMemoryLeadProjections projections = new InMemoryLeadProjections();
    FollowUpState older = FollowUpState.unscheduled("L").withChangeSeq(1).withSendSeq(1);
    FollowUpState newer = older.withSendSeq(2);

    projections.saveProjection(newer);
    projections.saveProjection(older);

    assertThat(projections.find("L")).contains(newer);
    assertThat(projections.find("M")).isEmpty();
  }
}
