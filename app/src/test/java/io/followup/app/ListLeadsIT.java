package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Apten's "List leads" page: oldest first by the chosen timestamp ({@code updatedAt} with {@code
 * updatedSince}, else {@code createdAt}), ties by id, an opaque keyset {@code nextToken}; a lead
 * changed while a client pages is listed again later, never skipped.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ListLeadsIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(3000);

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private final ExecutorService writers = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopWriters() {
    writers.shutdownNow();
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create() {
    Reply reply =
        http().post("/v1/leads/create", lead("+1 (555) 020-" + PHONES.incrementAndGet(), null));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private void patch(String id, String body) {
    Reply reply = http().patch("/v1/leads/" + id, body);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
  }

  private Reply list(String query) {
    Reply reply = http().get("/v1/leads?" + query);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply;
  }

  private static String at(Instant instant) {
    return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
  }

  private static List<String> ids(Reply reply) {
    List<String> ids = new ArrayList<>();
    reply.body().get("leads").forEach(l -> ids.add(l.get("id").asText()));
    return ids;
  }

  @Test
  void createdSinceListsOldestFirstAndPagesWithTheToken() {
    Instant start = Instant.now();
    String a = create();
    String b = create();
    String c = create();

    Reply page1 = list("limit=2&createdSince=" + at(start));
    assertThat(ids(page1)).containsExactly(a, b);
    Reply page2 =
        list(
            "limit=2&createdSince="
                + at(start)
                + "&nextToken="
                + page1.body().get("nextToken").asText());
    assertThat(ids(page2)).containsExactly(c);
    assertThat(page2.body().get("nextToken").isNull()).isTrue();
    // at or after the filter: the first lead's own createdAt includes it
    String createdAtOfB = page1.body().get("leads").get(1).get("createdAt").asText();
    assertThat(ids(list("createdSince=" + at(Instant.parse(createdAtOfB))))).startsWith(b, c);
  }

  @Test
  void withoutAFilterEveryLeadIsListedByCreatedAtAscending() {
    String a = create();
    String b = create();
    List<String> all = new ArrayList<>();
    List<Instant> created = new ArrayList<>();
    String token = null;
    do {
      Reply page = list("limit=3" + (token == null ? "" : "&nextToken=" + token));
      page.body()
          .get("leads")
          .forEach(
              l -> {
                all.add(l.get("id").asText());
                created.add(Instant.parse(l.get("createdAt").asText()));
              });
      token = page.body().get("nextToken").isNull() ? null : page.body().get("nextToken").asText();
    } while (token != null);
    assertThat(all).doesNotHaveDuplicates().containsSubsequence(a, b);
    assertThat(created).isSorted();
  }

  @Test
  void updatedSinceListsByUpdatedAtSoAChangedLeadComesLast() {
    Instant start = Instant.now();
    String a = create();
    String b = create();
    patch(a, "{\"additionalInfo\":{\"note\":\"changed\"}}");

    Reply page = list("updatedSince=" + at(start));
    assertThat(ids(page)).containsExactly(b, a);
    JsonNode changed = page.body().get("leads").get(1);
    assertThat(Instant.parse(changed.get("updatedAt").asText()))
        .isAfter(Instant.parse(changed.get("createdAt").asText()));
    assertThat(changed.get("lastActivityAt").asText()).isEqualTo(changed.get("updatedAt").asText());
    assertThat(changed.get("deleted").asBoolean()).isFalse();
    assertThat(changed.get("deletedAt").isNull()).isTrue();
    assertThat(changed.get("isAiOn").asBoolean()).isTrue();
    assertThat(changed.get("tags")).isEmpty();
  }

  @Test
  void aTokenIsOpaqueAndBelongsToItsOrder() {
    Instant start = Instant.now();
    create();
    create();
    String byCreation = list("limit=1&createdSince=" + at(start)).body().get("nextToken").asText();
    assertThat(byCreation).doesNotContain("|").doesNotContain(start.toString());
    assertThat(
            http()
                .get("/v1/leads?limit=1&updatedSince=" + at(start) + "&nextToken=" + byCreation)
                .message())
        .startsWith("nextToken:");
    assertThat(http().get("/v1/leads?nextToken=bm90LW91cnM").status()).isEqualTo(400);
    assertThat(http().get("/v1/leads?limit=1001").status()).isEqualTo(400);
    assertThat(http().get("/v1/leads?updatedSince=yesterday").message())
        .startsWith("updatedSince:");
  }

  /**
   * A client syncing with {@code updatedSince} and {@code limit=1} (each pass follows nextToken to
   * its end, the next starts at the largest updatedAt read, as Apten advises) while another thread
   * PATCHes the same leads: it reads every lead's last change, and each pass only moves forward.
   */
  @Test
  void aClientPagingUpdatedSinceWhileLeadsChangeSeesEveryChangeAndNeverLoops() throws Exception {
    Instant start = Instant.now();
    List<String> leads = List.of(create(), create(), create(), create());
    // one writer per lead, all at once: their writes to different leads race to commit
    CompletableFuture<Void> writer =
        CompletableFuture.allOf(
            leads.stream()
                .map(
                    id ->
                        CompletableFuture.runAsync(
                            () -> {
                              for (int round = 1; round <= 8; round++) {
                                // a step change: the workflow's update inside the transaction
                                patch(
                                    id,
                                    "{\"followUpStep\":1,\"followUpConfig\":{\"1\":{\"hours\":"
                                        + (24 + round)
                                        + ",\"channel\":\"text\"}},"
                                        + "\"additionalInfo\":{\"round\":"
                                        + round
                                        + "}}");
                              }
                            },
                            writers))
                .toArray(CompletableFuture[]::new));

    Map<String, Instant> lastRead = new HashMap<>();
    Instant since = start;
    int pages = 0;
    boolean writerWasDone;
    do {
      writerWasDone = writer.isDone();
      Set<String> positions = new HashSet<>();
      Instant previous = Instant.MIN;
      Instant largest = since;
      String token = null;
      do {
        Reply page =
            list(
                "limit=1&updatedSince=" + at(since) + (token == null ? "" : "&nextToken=" + token));
        pages++;
        assertThat(pages).as("pages read: the client must catch up").isLessThan(2_000);
        for (JsonNode lead : page.body().get("leads")) {
          String id = lead.get("id").asText();
          Instant updated = Instant.parse(lead.get("updatedAt").asText());
          // never the same position twice in a pass, never backwards
          assertThat(positions.add(id + "@" + updated)).isTrue();
          assertThat(updated).isAfterOrEqualTo(previous).isAfterOrEqualTo(since);
          previous = updated;
          lastRead.merge(id, updated, (a, b) -> a.isAfter(b) ? a : b);
          if (updated.isAfter(largest)) {
            largest = updated;
          }
        }
        token =
            page.body().get("nextToken").isNull() ? null : page.body().get("nextToken").asText();
      } while (token != null);
      since = largest;
    } while (!writerWasDone);
    writer.get();

    for (String id : leads) {
      Instant stored =
          Instant.parse(http().get("/v1/leads/" + id).body().get("updatedAt").asText());
      assertThat(lastRead.get(id)).as("lead %s", id).isEqualTo(stored);
    }
  }
}
