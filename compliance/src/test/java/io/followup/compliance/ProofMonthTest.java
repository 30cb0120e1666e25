package io.followup.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.activities.SendSlotRequest;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.schedule.RegionalRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The send rules over a month, at the level of the rules (no workflow, no store): seeded leads in
 * every US zone and every state of the built-in rules file, half placed by their {@code state} and
 * half by their area code, each with a random schedule of texts, calls and emails (0 to 36 hours
 * apart) from 2026-10-15 over 31 days (the end of daylight saving time on 2026-11-01 and Veterans
 * Day included). Every send the rules let go is checked by an independent reading of the rules:
 * inside the federal 08:00-21:00, the region's hours of that weekday, never on a day the region
 * closes, never over its cap in any 24 hours. {@code -Dproof.leads=10000} runs the full month of
 * docs/COMPLIANCE.md; the suite runs 400.
 */
class ProofMonthTest {
  private static final Instant START = ProofMonthLeads.START;
  private static final Instant END = ProofMonthLeads.END;
  private static final LeadSendRules RULES = new LeadSendRules(ProofMonthLeads.REGIONS);

  @Test
  void noSendOutsideItsWindowOrOverACapInAMonth() {
    int leads = Integer.getInteger("proof.leads", 400);
    Random random = new Random(Long.getLong("proof.seed", 2026L));
    Map<String, Integer> sends = new TreeMap<>();
    Map<String, Integer> moved = new TreeMap<>();
    int violations = 0;
    for (int i = 0; i < leads; i++) {
      ProofMonthLeads.Placed placed = ProofMonthLeads.place(random, i);
      String zone = placed.zone().getId();
      String phone = placed.phone();
      String state = placed.state();
      RegionalRule rule = placed.rule();
      List<Instant> callsAndTexts = new ArrayList<>();
      Instant due = START.plus(Duration.ofMinutes(random.nextInt(24 * 60)));
      while (due.isBefore(END)) {
        Channel channel = Channel.values()[random.nextInt(3)]; // TEXT, CALL, EMAIL
        Instant dayBefore = due.minus(Duration.ofHours(24));
        SendSlot slot =
            RULES.firstAllowed(
                new SendSlotRequest(
                    "L" + i,
                    channel,
                    zone,
                    "America/New_York",
                    SendingWindow.DEFAULT,
                    due,
                    callsAndTexts.stream().filter(at -> at.isAfter(dayBefore)).toList(),
                    null,
                    null),
                phone,
                null,
                state);
        Instant at = slot.at();
        if (!at.isBefore(END)) {
          break;
        }
        String key = (rule == null ? "none" : rule.region()) + " " + channel.wireName();
        sends.merge(key, 1, Integer::sum);
        if (slot.rule() != null) {
          moved.merge(slot.rule(), 1, Integer::sum);
        }
        if (channel != Channel.EMAIL) {
          if (ProofMonthLeads.broken(at, placed.zone(), rule, callsAndTexts) != null) {
            violations++;
          }
          callsAndTexts.add(at);
        }
        due = at.plus(Duration.ofMinutes(random.nextInt(36 * 60)));
      }
    }
    System.out.printf("proof month: %d leads, sends by region and channel %s%n", leads, sends);
    System.out.printf("proof month: sends moved by rule %s; violations %d%n", moved, violations);
    assertThat(violations).isZero();
    assertThat(moved).containsKeys("SENDING_WINDOW", "REGIONAL_WINDOW", "REGIONAL_DAY");
  }
}
