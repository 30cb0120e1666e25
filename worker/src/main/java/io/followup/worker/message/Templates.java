package io.followup.worker.message;

import java.util.Objects;

/**
 * The default message of each channel. Placeholders: the lead's fields ({@code {firstName}}, {@code
 * {lastName}}, {@code {phone}}, {@code {email}}, {@code {timezone}}, {@code {id}}) and its
 * additionalInfo ({@code {additionalInfo.company}}, nested maps by dots). Unknown ones render
 * empty.
 */
public record Templates(
    String text, String callScript, String voicemail, String emailSubject, String emailBody) {

  public static final Templates DEFAULTS =
      new Templates(
          "Hi {firstName}, just following up. Is now a good time to talk? Reply STOP to opt out.",
          "Hi {firstName}, I'm calling to follow up on your inquiry. Do you have a minute?",
          "Hi {firstName}, sorry I missed you. I'm following up on your inquiry;"
              + " call me back whenever suits you.",
          "Following up, {firstName}",
          "Hi {firstName},\n\nI wanted to follow up on your inquiry."
              + " Is there a good time to talk this week?\n\nBest regards");

  public Templates {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(callScript, "callScript");
    Objects.requireNonNull(voicemail, "voicemail");
    Objects.requireNonNull(emailSubject, "emailSubject");
    Objects.requireNonNull(emailBody, "emailBody");
  }
}
