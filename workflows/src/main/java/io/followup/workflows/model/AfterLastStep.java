package io.followup.workflows.model;

/** What a lead becomes once its last step has run. */
public enum AfterLastStep {
  LONG_TERM,
  STOPPED
}
