package io.followup.workflows;

/** The one function that names a lead's workflow. Operators search the Temporal UI by it. */
public final class WorkflowIds {
  public static final String PREFIX = "lead-followup:";

  private WorkflowIds() {}

  public static String forLead(String leadId) {
    if (leadId == null || leadId.isBlank()) {
      throw new IllegalArgumentException("leadId is required");
    }
    return PREFIX + leadId;
  }

  /**
   * The idempotency key of the n-th send of a lead: stable across activity retries and
   * continue-as-new.
   */
  public static String sendKey(String leadId, long sendSeq) {
    return leadId + ":" + sendSeq;
  }
}
