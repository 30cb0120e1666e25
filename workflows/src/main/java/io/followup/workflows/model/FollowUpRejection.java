package io.followup.workflows.model;

/**
 * A change that breaks a rule of SPEC's Update lead table. {@code field} is the request field the
 * caller must fix; the message names the rule. The workflow's validator turns it into a
 * non-retryable ApplicationFailure of type {@link #TYPE} whose first detail is the field.
 */
public class FollowUpRejection extends RuntimeException {
  public static final String TYPE = "InvalidFollowUpChange";

  private final String field;

  public FollowUpRejection(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
