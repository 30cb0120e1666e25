package io.followup.workflows;

import io.followup.workflows.schedule.DailyCap;
import io.followup.workflows.schedule.SendRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lead's recent sends as the caps count them, carried across continue-as-new: every follow-up
 * send for the daily cap ({@link DailyCap}), every call and text for the regional caps (the send
 * rules). Plain: no workflow calls, every instant comes from the caller.
 */
final class SendCounters {
  private static final Duration DAY = Duration.ofHours(24);

  /** More calls and texts in a day than any regional cap counts; the daily cap bounds it first. */
  static final int MAX_COUNTED_CALLS_AND_TEXTS = 100;

  /** When the latest sends started, oldest first: only the last 24 h, at most the cap. */
  private final List<Instant> recentSends = new ArrayList<>();

  /**
   * When the latest calls and texts started, oldest first: only the last {@link
   * SendRules#CAP_PERIOD} (regional caps).
   */
  private final List<Instant> recentCallsAndTexts = new ArrayList<>();

  SendCounters(List<Instant> recentSends, List<Instant> recentCallsAndTexts) {
    this.recentSends.addAll(recentSends);
    this.recentCallsAndTexts.addAll(recentCallsAndTexts);
  }

  /**
   * When the daily cap lets the next send go, or null when it may go now. A send counts for 24
   * hours from its start: with the cap reached, the next one may go once the oldest counted send is
   * 24 hours old, strictly after now, so a deferral never loops.
   */
  Instant dailyCapOpening(Instant now, int cap) {
    forgetSendsBefore(now.minus(DAY));
    return DailyCap.opening(recentSends, cap, now);
  }

  /** The sends the daily cap counts now (as its last {@link #dailyCapOpening} left them). */
  int sendsCounted() {
    return recentSends.size();
  }

  void countSend(Instant at, int cap) {
    recentSends.add(at);
    while (recentSends.size() > cap) {
      recentSends.remove(0);
    }
  }

  void countCallOrText(Instant at) {
    recentCallsAndTexts.add(at);
    forgetCallsAndTextsBefore(at.minus(SendRules.CAP_PERIOD));
  }

  /**
   * The calls and texts of the {@link SendRules#CAP_PERIOD} before {@code now}, oldest first: a
   * regional cap's count.
   */
  List<Instant> callsAndTextsOfTheLastDay(Instant now) {
    forgetCallsAndTextsBefore(now.minus(SendRules.CAP_PERIOD));
    return List.copyOf(recentCallsAndTexts);
  }

  List<Instant> sends() {
    return List.copyOf(recentSends);
  }

  List<Instant> callsAndTexts() {
    return List.copyOf(recentCallsAndTexts);
  }

  /** Drops the sends at or before {@code cutoff}: they no longer count. */
  private void forgetSendsBefore(Instant cutoff) {
    while (!recentSends.isEmpty() && !recentSends.get(0).isAfter(cutoff)) {
      recentSends.remove(0);
    }
  }

  private void forgetCallsAndTextsBefore(Instant cutoff) {
    while (!recentCallsAndTexts.isEmpty()
        && (!recentCallsAndTexts.get(0).isAfter(cutoff)
            || recentCallsAndTexts.size() > MAX_COUNTED_CALLS_AND_TEXTS)) {
      recentCallsAndTexts.remove(0);
    }
  }
}
