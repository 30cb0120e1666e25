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

  /**
   * The idempotency key of a one-off message's send ({@code sendMessage}): the message's id is
   * unique, so the key never meets a follow-up's ({@link #sendKey}) or another message's.
   */
  public static String messageKey(String leadId, String messageId) {
    return leadId + ":msg:" + messageId;
  }
}
