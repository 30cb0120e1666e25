package io.followup.api.core;

import static io.followup.api.core.RequestFields.object;
import static io.followup.api.core.RequestFields.optionalBoolean;
import static io.followup.api.core.RequestFields.optionalText;
import static io.followup.api.core.RequestFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.view.StrategyPage;
import io.followup.api.core.view.StrategyView;
import io.followup.store.Sql;
import io.followup.store.strategies.StrategyDao;
import io.followup.store.strategies.StrategyResults;
import io.followup.store.strategies.StrategyRow;
import io.followup.store.strategies.StrategyStats;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.StepConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The strategy catalogue's use cases ({@code /v1/strategies}): strict parsing (unknown fields are
 * 400 naming them), templates compiled before they are stored, results from {@link StrategyStats}.
 * A strategy is never deleted; {@code "active": false} takes it out of every pick and keeps its
 * history. Its id and channel never change (follow-up configs name it for a channel).
 */
public final class Strategies implements StrategyLookup {
  /**
   * An id: letters, digits, {@code .}, {@code _}, {@code -}; at most 64; "auto" is reserved (in any
   * case).
   */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  static final String ID_RULE =
      "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
  static final int MAX_NAME = 200;
  static final int MAX_TEMPLATE = 10_000;
  static final int MAX_SUBJECT = 1_000;
  static final String SORT_RULE = "must be replyRate (highest first) or absent (oldest first)";

  private static final Set<String> CREATE_FIELDS =
      Set.of("id", "name", "channel", "template", "subject", "active");
  private static final Set<String> UPDATE_FIELDS =
      Set.of("id", "name", "channel", "template", "subject", "active");
  private static final Set<Channel> CHANNELS = Set.of(Channel.TEXT, Channel.CALL, Channel.EMAIL);

  private final Jdbi jdbi;
  private final TemplateCheck templates;
  private final Clock clock;

  public Strategies(Jdbi jdbi, TemplateCheck templates, Clock clock) {
    this.jdbi = jdbi;
    this.templates = templates;
    this.clock = clock;
  }

  /** {@code POST /v1/strategies}: the new strategy's id. */
  public String create(JsonNode body) {
    ObjectNode object = object(body, CREATE_FIELDS);
    String id = optionalText(object, "id", 64);
    // in any case: "AUTO" as an id would be one strategy to some readers and every one to others
    if (id != null && (!ID.matcher(id).matches() || id.equalsIgnoreCase(StepConfig.AUTO))) {
      throw ApiException.badRequest(
          "id",
          id.equalsIgnoreCase(StepConfig.AUTO) ? "\"auto\" is reserved, in any case" : ID_RULE);
    }
    String strategyId = id == null ? UUID.randomUUID().toString() : id;
    String name = requiredText(object, "name", MAX_NAME);
    Channel channel = channel(object);
    String template = requiredText(object, "template", MAX_TEMPLATE);
    String subject = optionalText(object, "subject", MAX_SUBJECT);
    Boolean active = optionalBoolean(object, "active");
    check(channel, template, subject);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    StrategyRow row =
        new StrategyRow(
            strategyId,
            name,
            channel.wireName(),
            template,
            subject,
            active == null || active,
            now,
            now);
    Database.run(
        () -> {
          try {
            jdbi.useExtension(StrategyDao.class, dao -> dao.insert(row));
          } catch (RuntimeException e) {
            if (Sql.isUniqueViolation(e)) {
              throw new ApiException(409, "id: a strategy with id " + strategyId + " exists");
            }
            throw e;
          }
        });
    return strategyId;
  }

  /** {@code PATCH /v1/strategies/{id}}: every field optional; an empty object changes nothing. */
  public void update(String id, JsonNode body) {
    ObjectNode object = object(body, UPDATE_FIELDS);
    String name = object.has("name") ? requiredText(object, "name", MAX_NAME) : null;
    String template =
        object.has("template") ? requiredText(object, "template", MAX_TEMPLATE) : null;
    boolean subjectGiven = object.has("subject");
    String subject = optionalText(object, "subject", MAX_SUBJECT);
    Boolean active = optionalBoolean(object, "active");
    Database.run(
        () ->
            jdbi.useTransaction(
                handle -> {
                  StrategyDao dao = handle.attach(StrategyDao.class);
                  StrategyRow stored = dao.lock(id).orElseThrow(() -> notFound(id));
                  unchanged(object, "id", stored.id());
                  unchanged(object, "channel", stored.channel());
                  Channel channel = Channel.fromWire(stored.channel());
                  StrategyRow updated =
                      new StrategyRow(
                          stored.id(),
                          name == null ? stored.name() : name,
                          stored.channel(),
                          template == null ? stored.template() : template,
                          subjectGiven ? subject : stored.subject(),
                          active == null ? stored.active() : active,
                          stored.createdAt(),
                          clock.instant().truncatedTo(ChronoUnit.MICROS));
                  check(channel, updated.template(), updated.subject());
                  dao.update(updated);
                }));
  }

  /** {@code GET /v1/strategies/{id}}, with its results. */
  public StrategyView get(String id) {
    return Database.call(
        () ->
            jdbi.withHandle(
                handle -> {
                  StrategyRow row =
                      handle.attach(StrategyDao.class).find(id).orElseThrow(() -> notFound(id));
                  return view(
                      row,
                      StrategyStats.results(handle, List.of(id))
                          .getOrDefault(id, StrategyResults.NONE));
                }));
  }

  /** {@code GET /v1/strategies}: oldest first, or by reply rate (highest first). */
  public StrategyPage list(String sort) {
    if (sort != null && !sort.equals("replyRate")) {
      throw ApiException.badRequest("sort", SORT_RULE);
    }
    List<StrategyView> views =
        Database.call(
            () ->
                jdbi.withHandle(
                    handle -> {
                      Map<String, StrategyResults> results = StrategyStats.all(handle);
                      return handle.attach(StrategyDao.class).list().stream()
                          .map(
                              row ->
                                  view(row, results.getOrDefault(row.id(), StrategyResults.NONE)))
                          .toList();
                    }));
    if (sort != null) {
      views =
          views.stream()
              .sorted(
                  Comparator.comparingDouble((StrategyView v) -> v.results().replyRate())
                      .reversed()
                      .thenComparing(v -> v.results().sends(), Comparator.reverseOrder()))
              .toList();
    }
    return new StrategyPage(views);
  }

  @Override
  public Optional<Channel> channelOf(String strategyId) {
    if (strategyId == null || !ID.matcher(strategyId).matches()) {
      return Optional.empty();
    }
    return Database.call(
        () ->
            jdbi.withExtension(StrategyDao.class, dao -> dao.find(strategyId))
                .map(row -> Channel.fromWire(row.channel())));
  }

  /**
   * One query for every id (in chunks of {@value #LOOKUP_CHUNK}); ids of no valid shape skipped.
   */
  @Override
  public Map<String, Channel> channelsOf(Collection<String> ids) {
    List<String> valid =
        ids.stream().filter(id -> id != null && ID.matcher(id).matches()).distinct().toList();
    Map<String, Channel> found = new HashMap<>();
    for (int from = 0; from < valid.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = valid.subList(from, Math.min(valid.size(), from + LOOKUP_CHUNK));
      Database.call(() -> jdbi.withExtension(StrategyDao.class, dao -> dao.findAll(chunk)))
          .forEach(row -> found.put(row.id(), Channel.fromWire(row.channel())));
    }
    return found;
  }

  private static final int LOOKUP_CHUNK = 1000;

  private void check(Channel channel, String template, String subject) {
    if (channel == Channel.EMAIL && (subject == null || subject.isBlank())) {
      throw ApiException.badRequest("subject", "is required for an email strategy");
    }
    if (channel != Channel.EMAIL && subject != null) {
      throw ApiException.badRequest("subject", "is only valid for an email strategy");
    }
    templates
        .problem(channel, template, subject)
        .ifPresent(
            problem -> {
              throw ApiException.badRequest(problem.field(), problem.rule());
            });
  }

  private static void unchanged(ObjectNode object, String field, String stored) {
    JsonNode node = object.get(field);
    if (node != null && !(node.isTextual() && node.textValue().equals(stored))) {
      throw ApiException.badRequest(field, "cannot be changed");
    }
  }

  private static ApiException notFound(String id) {
    return new ApiException(404, "strategy " + id + " not found");
  }

  static StrategyView view(StrategyRow row, StrategyResults results) {
    Map<String, StrategyView.Results> steps = new LinkedHashMap<>();
    results.steps().forEach((step, r) -> steps.put(Integer.toString(step), results(r, null)));
    return new StrategyView(
        row.id(),
        row.name(),
        row.channel(),
        row.template(),
        row.subject(),
        row.active(),
        row.createdAt().toString(),
        row.updatedAt().toString(),
        results(results, steps));
  }

  private static StrategyView.Results results(
      StrategyResults r, Map<String, StrategyView.Results> steps) {
    double rate = Math.round(r.replyRate() * 10_000) / 10_000.0;
    return new StrategyView.Results(r.sends(), r.replies(), rate, steps);
  }

  private static Channel channel(ObjectNode object) {
    String rule = "must be one of text, call, email";
    JsonNode node = object.get("channel");
    if (node == null || node.isNull()) {
      throw ApiException.badRequest("channel", "is required (text, call or email)");
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest("channel", rule);
    }
    return CHANNELS.stream()
        .filter(c -> c.wireName().equals(node.textValue()))
        .findFirst()
        .orElseThrow(() -> ApiException.badRequest("channel", rule));
  }
}
