package io.followup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.compliance.LeadSendRules;
import io.followup.compliance.RegionalRules;
import io.followup.domain.lead.InMemoryLeadDirectory;
import io.followup.domain.lead.Lead;
import io.followup.domain.ledger.InMemoryDeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.worker.projection.InMemoryLeadProjections;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.worker.support.EnvironmentClock;
import io.followup.worker.support.TimeSkippingLocks;
import io.followup.workflows.FollowUpSearchAttributes;
import io.followup.workflows.LeadWorkflows;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.LeadFollowUpInput;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.model.StepConfig;
import io.followup.workflows.schedule.RegionalRule;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proof month through the real workflow, worker activities and send rules, with time skipping
 * (SPEC "Compliance"; issue 19): seeded leads in every US zone and every state of the built-in
 * rules file (half placed by {@code state}, half by area code), each with a random schedule of
 * texts, calls and emails, from 2026-10-15 for 31 days (daylight saving ends 2026-11-01; Veterans
 * Day 2026-11-11 closes the regions with holidays). Over the month, at seeded instants: PATCHes
 * that reset the schedule, replies, opt-outs (a STOP keyword, a revocation phrase, a key-press: the
 * API sets the stored flag and tells the workflow; all three reach the worker the same way), and
 * DNC entries. Every text and call the providers receive is checked by an independent reading of
 * the rules: inside 08:00-21:00 and the region's hours of that weekday in the lead's zone, never on
 * a day the region closes, never over the region's cap nor the lead's daily cap in any 24 hours,
 * and never after the lead's opt-out or DNC entry; every blocked attempt is in the ledger with its
 * reason (the store's COMPLIANCE_BLOCKED event). {@code -Dproof.leads=N -Dproof.seed=S} sizes it
 * (the suite runs {@value #SUITE_LEADS}); docs/COMPLIANCE.md has the full run.
 */
class ProofMonthTimelineTest {
  static final int SUITE_LEADS = 20;

  /** Leads per shard (each shard its own test service, one after another). */
  static final int SHARD = 250;

  private static final Instant START = Instant.parse("2026-10-15T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(31));
  private static final String[] ZONES = {
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico"
  };
  private static final List<String> STATES =
      List.of(
          "FL", "OK", "MD", "TX", "AL", "LA", "KY", "MA", "CT", "VA", "WA", "MS", "RI", "UT", "PA");
  private static final Map<String, String> AREA =
      Map.ofEntries(
          Map.entry("FL", "305"),
          Map.entry("OK", "405"),
          Map.entry("MD", "410"),
          Map.entry("TX", "713"),
          Map.entry("AL", "205"),
          Map.entry("LA", "504"),
          Map.entry("KY", "502"),
          Map.entry("MA", "617"),
          Map.entry("CT", "203"),
          Map.entry("VA", "703"),
          Map.entry("WA", "206"),
          Map.entry("MS", "601"),
          Map.entry("RI", "401"),
          Map.entry("UT", "801"),
          Map.entry("PA", "215"),
          Map.entry("NY", "212"));
  private static final RegionalRules REGIONS = RegionalRules.builtIn();
  private static final FollowUpOptions OPTIONS =
      FollowUpOptions.DEFAULTS.withSendingWindow(SendingWindow.DEFAULT);

  /** One lead of the month and what happened to it. */
  private static final class Subject {
    final String id;
    final Lead lead;
    final ZoneId zone;
    final RegionalRule rule;
    final List<Instant> callsAndTexts = new CopyOnWriteArrayList<>();
    final List<Instant> sends = new CopyOnWriteArrayList<>();
    FollowUpOptions options = OPTIONS;
    volatile Instant optedOutAt;
    volatile Instant listedAt;

    Subject(String id, Lead lead, ZoneId zone, RegionalRule rule) {
      this.id = id;
      this.lead = lead;
      this.zone = zone;
      this.rule = rule;
    }
  }

  /** Something that happens to a lead at an instant of the month. */
  private record Happening(Instant at, Subject subject, String kind, FollowUpConfig config) {}

  // one of each per shard (a shard's leads run on their own test service, one shard after another)
  private InMemoryDeliveryLedger ledger;
  private InMemoryLeadDirectory leads;
  private final Map<String, Subject> byAddress = new ConcurrentHashMap<>();
  private final Map<String, Integer> handedOver = new ConcurrentHashMap<>();
  private TestWorkflowEnvironment env;

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  /** Records each hand-over with the (skipped) time it happened, by the lead it went to. */
  private ChannelProvider recording() {
    LoggingProvider log = new LoggingProvider();
    return new ChannelProvider() {
      @Override
      public ProviderReceipt deliver(Delivery delivery) {
        Instant at = now();
        Subject subject = byAddress.get(delivery.to());
        if (subject != null) {
          subject.sends.add(at);
          if (delivery.channel().isVoiceOrText()) {
            subject.callsAndTexts.add(at);
          }
          String region = subject.rule == null ? "none" : subject.rule.region();
          handedOver.merge(region + " " + delivery.channel().wireName(), 1, Integer::sum);
        }
        return log.deliver(delivery);
      }

      @Override
      public Optional<ProviderReceipt> lookup(String idempotencyKey) {
        return log.lookup(idempotencyKey);
      }
    };
  }

  /**
   * A shard's own test service, worker, ledger and lead directory, from {@link #START}: the test
   * service's cost per task grows with the workflows it holds (and a worker's workflow cache keeps
   * 600: beyond, every task replays its history), so a large month runs its leads in shards of
   * {@code proof.shard} (default {@value #SHARD}), one after another, the same seeded leads and
   * happenings whatever the shard size.
   */
  private void startShard(List<Subject> shard) {
    ledger = new InMemoryDeliveryLedger();
    leads = new InMemoryLeadDirectory();
    shard.forEach(s -> leads.put(s.lead));
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTime(START).build());
    if (!Boolean.getBoolean("proof.lockHistory")) {
      TimeSkippingLocks.keepNoHistory(env);
    }
    FollowUpSearchAttributes.definitions().forEach(env::registerSearchAttribute);
    WorkerDependencies deps =
        new WorkerDependencies(
            ledger,
            leads,
            new InMemoryLeadProjections(),
            null,
            recording(),
            recording(),
            recording(),
            new LeadSendRules(REGIONS),
            null,
            null,
            null,
            new EnvironmentClock(env),
            null);
    FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), deps);
    env.start();
  }

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  private static FollowUpConfig config(Random random) {
    TreeMap<Integer, StepConfig> steps = new TreeMap<>();
    int count = 1 + random.nextInt(6);
    for (int s = 1; s <= count; s++) {
      Channel channel = Channel.values()[random.nextInt(3)]; // TEXT, CALL, EMAIL
      // a third of the gaps under three hours: the caps bite
      int minutes = random.nextInt(3) == 0 ? random.nextInt(3 * 60) : random.nextInt(36 * 60);
      steps.put(s, StepConfig.of(minutes / 60.0, channel));
    }
    return new FollowUpConfig(steps);
  }

  private LeadFollowUpInput input(Subject subject) {
    return new LeadFollowUpInput(subject.id, null, subject.options);
  }

  /**
   * A send past its checks when the opt-out or the listing lands (the test applies them while due
   * sends run at the same skipped instant): the worker checks at each send, without a lock against
   * a change in flight, so such a send goes; counted apart, not a violation (docs/COMPLIANCE.md).
   */
  private static final Duration IN_FLIGHT = Duration.ofSeconds(1);

  /** How often the month's clock stops to apply what happened meanwhile. */
  private static final Duration TICK = Duration.ofHours(6);

  @Test
  void noTextOrCallOutsideItsWindowOverACapOrAfterAnOptOutInAMonth() {
    int count = Integer.getInteger("proof.leads", SUITE_LEADS);
    Random random = new Random(Long.getLong("proof.seed", 2026L));
    long began = System.nanoTime();
    List<Subject> subjects = new ArrayList<>();
    List<Happening> month = new ArrayList<>();
    Map<String, Integer> happened = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      ZoneId zone = ZoneId.of(ZONES[random.nextInt(ZONES.length)]);
      String home = random.nextInt(16) == 0 ? "NY" : STATES.get(random.nextInt(STATES.size()));
      String state = random.nextBoolean() ? home : null;
      String phone = "+1" + AREA.get(home) + "555" + String.format("%04d", i % 10_000);
      String id = "proof-" + i;
      Lead lead =
          new Lead(
              id,
              "Ada",
              "Lovelace",
              phone,
              id + "@example.com",
              zone.getId(),
              Map.of(),
              false,
              false,
              state);
      Subject subject = new Subject(id, lead, zone, REGIONS.forLead(state, phone).orElse(null));
      // a busy month: after its steps, a nurture touch every 6 to 48 hours, the caps then bite
      subject.options = OPTIONS.withNurtureIntervalHours(6 + random.nextInt(43));
      subjects.add(subject);
      byAddress.put(phone, subject);
      byAddress.put(lead.email(), subject);
      Instant created = START.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
      month.add(new Happening(created, subject, "CREATE", config(random)));
      int more = random.nextInt(4);
      for (int h = 0; h < more; h++) {
        Instant at = created.plus(Duration.ofMinutes(random.nextInt(28 * 24 * 60)));
        int roll = random.nextInt(100);
        String kind =
            roll < 40
                ? "PATCH"
                : roll < 55
                    ? "REPLY"
                    : roll < 65 ? "STOP" : roll < 75 ? "PHRASE" : roll < 85 ? "KEYPRESS" : "DNC";
        month.add(new Happening(at, subject, kind, kind.equals("PATCH") ? config(random) : null));
      }
    }
    month.sort(Comparator.comparing(Happening::at));

    Map<String, Integer> blocked = new TreeMap<>();
    Map<String, Integer> deferred = new TreeMap<>();
    int shardSize = Integer.getInteger("proof.shard", SHARD);
    for (int from = 0; from < count; from += shardSize) {
      List<Subject> shard = subjects.subList(from, Math.min(count, from + shardSize));
      java.util.Set<Subject> in =
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      in.addAll(shard);
      long shardBegan = System.nanoTime();
      startShard(shard);
      for (Happening h : month) {
        if (!in.contains(h.subject())) {
          continue;
        }
        if (h.at().isAfter(now())) {
          // the clock stops every TICK (not at each happening: fewer round trips to the test
          // service); what happened meanwhile applies then, at the instant recorded below
          Instant tick = START;
          while (tick.isBefore(h.at())) {
            tick = tick.plus(TICK);
          }
          env.sleep(Duration.between(now(), tick));
        }
        Subject s = h.subject();
        happened.merge(h.kind(), 1, Integer::sum);
        switch (h.kind()) {
          case "CREATE" ->
              LeadWorkflows.applyWithStart(
                  env.getWorkflowClient(), input(s), FollowUpChange.reset(h.config(), 1), null);
          case "PATCH" ->
              LeadWorkflows.apply(
                  env.getWorkflowClient(), input(s), FollowUpChange.reset(h.config(), 1), null);
          case "REPLY" ->
              LeadWorkflows.recordInboundWithStart(
                  env.getWorkflowClient(), input(s), Inbound.reply(true), null);
          case "STOP", "PHRASE", "KEYPRESS" -> {
            // as the API does: the stored flag first (the worker reads it at every send), then the
            // workflow is told
            if (s.optedOutAt == null) {
              s.optedOutAt = now();
            }
            leads.put(leads.find(s.id).orElseThrow().withUnsubscribed(true));
            LeadWorkflows.recordInboundWithStart(
                env.getWorkflowClient(), input(s), Inbound.of(Inbound.Kind.OPT_OUT), null);
          }
          case "DNC" -> {
            if (s.listedAt == null) {
              s.listedAt = now();
            }
            leads.listDoNotContact(s.lead.phone());
          }
          default -> throw new IllegalStateException(h.kind());
        }
      }
      env.sleep(Duration.between(now(), END));
      for (Subject s : shard) {
        for (LedgerEntry entry : ledger.listByLead(s.id)) {
          if (entry.result() != null && entry.result().status() == DeliveryStatus.BLOCKED) {
            // every blocked attempt is recorded with its reason: the COMPLIANCE_BLOCKED event's
            String reason = entry.result().reason();
            blocked.merge(reason == null ? "NO REASON" : reason, 1, Integer::sum);
          }
        }
        for (SendDeferral d : ledger.deferralsOf(s.id)) {
          deferred.merge(d.reason(), 1, Integer::sum);
        }
      }
      env.close();
      env = null;
      System.out.printf(
          "proof month (workflows): shard of leads %d-%d done in %.1f s (%.1f s in all)%n",
          from,
          from + shard.size() - 1,
          (System.nanoTime() - shardBegan) / 1e9,
          (System.nanoTime() - began) / 1e9);
    }

    Map<String, Integer> violations = new TreeMap<>();
    Map<String, Integer> inFlight = new TreeMap<>();
    int texts = 0;
    for (Subject s : subjects) {
      List<Instant> sorted = s.callsAndTexts.stream().sorted().toList();
      for (int k = 0; k < sorted.size(); k++) {
        Instant at = sorted.get(k);
        String broken = broken(at, s, sorted.subList(0, k));
        if (broken != null) {
          (broken.startsWith("IN_FLIGHT") ? inFlight : violations).merge(broken, 1, Integer::sum);
          if (!broken.startsWith("IN_FLIGHT")) {
            System.out.printf(
                "proof month (workflows): %s: lead %s (%s, %s) at %s; earlier %s%n",
                broken,
                s.id,
                s.rule == null ? "no region" : s.rule.region(),
                s.zone,
                at,
                sorted.subList(0, k));
          }
        }
        texts++;
      }
      List<Instant> all = s.sends.stream().sorted().toList();
      for (int k = 0; k < all.size(); k++) {
        Instant at = all.get(k);
        long inDay =
            all.subList(0, k).stream()
                .filter(e -> e.isAfter(at.minus(Duration.ofHours(24))))
                .count();
        if (inDay >= s.options.maxSendsPerLeadPerDay()) {
          violations.merge("DAILY_CAP", 1, Integer::sum);
        }
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf(
        "proof month (workflows): %d leads, seed %d, %.1f s; happenings %s%n",
        count, Long.getLong("proof.seed", 2026L), seconds, happened);
    System.out.printf("proof month (workflows): hand-overs by region and channel %s%n", handedOver);
    System.out.printf(
        "proof month (workflows): %d texts and calls checked; blocked by reason %s; deferred by"
            + " reason %s; in flight at an opt-out or listing %s; violations %s%n",
        texts, blocked, deferred, inFlight, violations);
    assertThat(violations).isEmpty();
    assertThat(blocked).doesNotContainKey("NO REASON");
    assertThat(texts).isPositive();
  }

  /**
   * The rules read again, independently of the send rules: the federal hours and the region's of
   * that weekday in the lead's zone, its closed days and holidays, its cap; the opt-out and the DNC
   * list. Null when the send was allowed, else the rule it broke.
   */
  private static String broken(Instant at, Subject s, List<Instant> earlier) {
    if (s.optedOutAt != null && !at.isBefore(s.optedOutAt)) {
      return at.isBefore(s.optedOutAt.plus(IN_FLIGHT)) ? "IN_FLIGHT_AT_OPT_OUT" : "AFTER_OPT_OUT";
    }
    if (s.listedAt != null && !at.isBefore(s.listedAt)) {
      return at.isBefore(s.listedAt.plus(IN_FLIGHT)) ? "IN_FLIGHT_AT_DNC" : "AFTER_DNC";
    }
    ZonedDateTime local = at.atZone(s.zone);
    LocalTime time = local.toLocalTime();
    if (time.isBefore(LocalTime.of(8, 0)) || !time.isBefore(LocalTime.of(21, 0))) {
      return "FEDERAL_WINDOW";
    }
    if (s.rule == null) {
      return null;
    }
    RegionalRule.Hours hours = s.rule.hoursOn(local.toLocalDate());
    if (hours == null) {
      return "REGIONAL_DAY";
    }
    if ((hours.start() != null && time.isBefore(hours.start()))
        || (hours.end() != null && !time.isBefore(hours.end()))) {
      return "REGIONAL_WINDOW";
    }
    int cap = s.rule.maxAttemptsPer24Hours();
    long inDay = earlier.stream().filter(e -> e.isAfter(at.minus(Duration.ofHours(24)))).count();
    return cap == 0 || inDay < cap ? null : "REGIONAL_CAP";
  }
}
