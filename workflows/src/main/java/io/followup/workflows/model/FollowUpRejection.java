package io.followup.workflows.model;

/**
 * A change that breaks a rule of SPEC's Update lead table. {@code field} is the request field the
 * caller must fix; the message ({@code "field: rule"}) names the rule. The workflow's validator
 * turns it into a non-retryable ApplicationFailure whose message is {@link #encode()}.
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

  public String rule() {
    return getMessage().substring(field.length() + 2);
  }

  /** {@code [InvalidFollowUpChange] field: rule}: survives the SDK's wrapping of the failure. */
  public String encode() {
    return "[" + TYPE + "] " + getMessage();
  }

  public static java.util.Optional<FollowUpRejection> decode(String message) {
    String marker = "[" + TYPE + "] ";
    if (message == null || !message.startsWith(marker)) {
      return java.util.Optional.empty();
    }
    String body = message.substring(marker.length());
    int colon = body.indexOf(": ");
    return java.util.Optional.of(
        colon < 0
            ? new FollowUpRejection("body", body)
            : new FollowUpRejection(body.substring(0, colon), body.substring(colon + 2)));
  }
}
