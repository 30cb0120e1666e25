package io.followup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.compliance.LeadSendRules;
import io.followup.compliance.ProofMonthLeads;
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
import java.time.ZoneId;
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
  static final int SHARD = 50;

  private static final Instant START = ProofMonthLeads.START;
  private static final Instant END = ProofMonthLeads.END;
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

  private final Map<String, Subject> byAddress = new ConcurrentHashMap<>();
  private final Map<String, Integer> handedOver = new ConcurrentHashMap<>();
  private final List<Shard> open = new CopyOnWriteArrayList<>();

  /**
   * A shard of the month's leads on its own test service, worker, ledger and lead directory, from
   * {@link #START}: the test service's cost per task grows with the workflows it holds (and a
   * worker's workflow cache keeps 600: beyond, every task replays its history), so a large month
   * runs its leads in shards of {@code proof.shard} (default {@value #SHARD}), {@code
   * proof.parallel} at a time (default 1), the same seeded leads and happenings whatever the sizes.
   */
  private final class Shard implements AutoCloseable {
    final List<Subject> subjects;
    final InMemoryDeliveryLedger ledger = new InMemoryDeliveryLedger();
    final InMemoryLeadDirectory leads = new InMemoryLeadDirectory();
    final TestWorkflowEnvironment env;

    Shard(List<Subject> subjects) {
      this.subjects = subjects;
      subjects.forEach(s -> leads.put(s.lead));
      env =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder().setInitialTime(START).build());
      open.add(this);
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
              new LeadSendRules(ProofMonthLeads.REGIONS),
              null,
              null,
              null,
              new EnvironmentClock(env),
              null);
      FollowUpWorker.attach(env.getWorkerFactory(), WorkerSettings.all(), deps);
      env.start();
    }

    Instant now() {
      return Instant.ofEpochMilli(env.currentTimeMillis());
    }

    /** Records each hand-over with the (skipped) time it happened, by the lead it went to. */
    ChannelProvider recording() {
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

    /** The shard's happenings, in order, then the rest of the month. */
    void play(List<Happening> month, Map<String, Integer> happened) {
      for (Happening h : month) {
        if (h.at().isAfter(now())) {
          // the clock stops every TICK (not at each happening: fewer round trips to the test
          // service); what happened meanwhile applies then, at the instant recorded below
          Instant tick = START.plus(TICK_AT);
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
    }

    /** Every blocked attempt with its reason (the COMPLIANCE_BLOCKED event's), every deferral. */
    void tally(Map<String, Integer> blocked, Map<String, Integer> deferred) {
      for (Subject s : subjects) {
        for (LedgerEntry entry : ledger.listByLead(s.id)) {
          if (entry.result() != null && entry.result().status() == DeliveryStatus.BLOCKED) {
            String reason = entry.result().reason();
            blocked.merge(reason == null ? "NO REASON" : reason, 1, Integer::sum);
          }
        }
        for (SendDeferral d : ledger.deferralsOf(s.id)) {
          deferred.merge(d.reason(), 1, Integer::sum);
        }
      }
    }

    @Override
    public void close() {
      open.remove(this);
      env.close();
    }
  }

  @AfterEach
  void tearDown() {
    open.forEach(Shard::close);
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

  /**
   * Where the clock stops within each {@link #TICK}: 30 minutes and 30 seconds past the hour, away
   * from every timer of the month (steps, nurture touches, window openings and cap deferrals fall
   * on whole minutes, a few milliseconds after). The time-skipping test service strands a workflow
   * whose task cancels a timer that fired while the task was at the worker (it refuses the
   * completion, "invalid history builder state for action", and never retries the task:
   * temporalio/sdk-java#3088); a PATCH applied at the stop resets the lead's schedule, cancelling
   * its timer, so a stop on the hour (where window openings fire) stranded one lead in about 300
   * and hung the month.
   */
  private static final Duration TICK_AT = Duration.ofMinutes(30).plusSeconds(30);

  @Test
  void noTextOrCallOutsideItsWindowOverACapOrAfterAnOptOutInAMonth() {
    int count = Integer.getInteger("proof.leads", SUITE_LEADS);
    Random random = new Random(Long.getLong("proof.seed", 2026L));
    long began = System.nanoTime();
    List<Subject> subjects = new ArrayList<>();
    List<Happening> month = new ArrayList<>();
    Map<String, Integer> happened = new ConcurrentHashMap<>();
    for (int i = 0; i < count; i++) {
      ProofMonthLeads.Placed placed = ProofMonthLeads.place(random, i);
      ZoneId zone = placed.zone();
      String state = placed.state();
      String phone = placed.phone();
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
      Subject subject = new Subject(id, lead, zone, placed.rule());
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

    Map<String, Integer> blocked = new ConcurrentHashMap<>();
    Map<String, Integer> deferred = new ConcurrentHashMap<>();
    Map<String, Integer> violations = new ConcurrentHashMap<>();
    Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger checked =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger leadsDone =
        new java.util.concurrent.atomic.AtomicInteger();
    int shardSize = Integer.getInteger("proof.shard", SHARD);
    Map<Subject, Integer> shardOf = new java.util.IdentityHashMap<>();
    for (int i = 0; i < count; i++) {
      shardOf.put(subjects.get(i), i / shardSize);
    }
    List<List<Happening>> months = new ArrayList<>();
    for (Happening h : month) {
      int k = shardOf.get(h.subject());
      while (months.size() <= k) {
        months.add(new ArrayList<>());
      }
      months.get(k).add(h);
    }
    java.util.concurrent.ExecutorService shards =
        java.util.concurrent.Executors.newFixedThreadPool(Integer.getInteger("proof.parallel", 1));
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int k = 0; k < months.size(); k++) {
      int from = k * shardSize;
      List<Subject> slice = subjects.subList(from, Math.min(count, from + shardSize));
      List<Happening> itsMonth = months.get(k);
      done.add(
          shards.submit(
              () -> {
                long shardBegan = System.nanoTime();
                try (Shard shard = new Shard(slice)) {
                  shard.play(itsMonth, happened);
                  shard.tally(blocked, deferred);
                }
                checked.addAndGet(check(slice, violations, inFlight));
                // the month so far, so that a run stopped early still says what it found
                System.out.printf(
                    "proof month (workflows): shard of leads %d-%d done in %.1f s (%.1f s in"
                        + " all); so far %d leads, %d texts and calls checked, violations %s%n",
                    from,
                    from + slice.size() - 1,
                    (System.nanoTime() - shardBegan) / 1e9,
                    (System.nanoTime() - began) / 1e9,
                    leadsDone.addAndGet(slice.size()),
                    checked.get(),
                    new TreeMap<>(violations));
              }));
    }
    shards.shutdown();
    for (java.util.concurrent.Future<?> shard : done) {
      try {
        shard.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.ExecutionException e) {
        shards.shutdownNow();
        throw new IllegalStateException("a shard failed", e.getCause());
      }
    }

    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf(
        "proof month (workflows): %d leads, seed %d, %.1f s; happenings %s%n",
        count, Long.getLong("proof.seed", 2026L), seconds, new TreeMap<>(happened));
    System.out.printf(
        "proof month (workflows): hand-overs by region and channel %s%n",
        new TreeMap<>(handedOver));
    System.out.printf(
        "proof month (workflows): %d texts and calls checked; blocked by reason %s; deferred by"
            + " reason %s; in flight at an opt-out or listing %s; violations %s%n",
        checked.get(),
        new TreeMap<>(blocked),
        new TreeMap<>(deferred),
        new TreeMap<>(inFlight),
        new TreeMap<>(violations));
    assertThat(violations).isEmpty();
    assertThat(blocked).doesNotContainKey("NO REASON");
    assertThat(checked.get()).isPositive();
  }

  /**
   * Reads a finished shard's calls and texts again (the independent reading of {@link #broken})
   * into the month's counts; returns how many it checked.
   */
  private static int check(
      List<Subject> shard, Map<String, Integer> violations, Map<String, Integer> inFlight) {
    int texts = 0;
    for (Subject s : shard) {
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
    return texts;
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
    return ProofMonthLeads.broken(at, s.zone, s.rule, earlier);
  }
}
