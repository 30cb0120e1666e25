package io.followup.worker.provider.twilio;

import java.util.Locale;

/** A call's {@code AnsweredBy} (answering-machine detection), as the provider acts on it. */
enum AnsweredBy {
  /** Not decided yet (empty). */
  PENDING,
  /** {@code human}, and {@code unknown}: detection could not tell, so the script is spoken. */
  HUMAN,
  /** {@code machine_start}, {@code machine_end_beep}, {@code machine_end_silence}, ... */
  MACHINE,
  FAX;

  static AnsweredBy of(String value) {
    if (value == null || value.isBlank()) {
      return PENDING;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.startsWith("machine") ? MACHINE : v.equals("fax") ? FAX : HUMAN;
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
