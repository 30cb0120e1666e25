package io.followup.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The custom search attributes operators filter lead workflows by. No personal data: ids, steps,
 * statuses, channels and instants only.
 */
public final class FollowUpSearchAttributes {
  public static final SearchAttributeKey<String> LEAD_ID = SearchAttributeKey.forKeyword("LeadId");
  public static final SearchAttributeKey<Long> FOLLOW_UP_STEP =
      SearchAttributeKey.forLong("FollowUpStep");
  public static final SearchAttributeKey<String> FOLLOW_UP_STATUS =
      SearchAttributeKey.forKeyword("FollowUpStatus");
  public static final SearchAttributeKey<OffsetDateTime> NEXT_FOLLOW_UP_AT =
      SearchAttributeKey.forOffsetDateTime("NextFollowUpAt");
  public static final SearchAttributeKey<String> NEXT_CHANNEL =
      SearchAttributeKey.forKeyword("NextChannel");
  public static final SearchAttributeKey<String> LAST_FOLLOW_UP_OUTCOME =
      SearchAttributeKey.forKeyword("LastFollowUpOutcome");

  /** Set once the lead opted out of texts and calls (false after it opted in again). */
  public static final SearchAttributeKey<Boolean> OPTED_OUT =
      SearchAttributeKey.forBoolean("OptedOut");

  private FollowUpSearchAttributes() {}

  /**
   * Name and type of every attribute, as a server must have them registered: every start path
   * registers them, since a workflow that upserts an unregistered attribute fails its task forever.
   */
  public static Map<String, IndexedValueType> definitions() {
    Map<String, IndexedValueType> all = new LinkedHashMap<>();
    all.put(LEAD_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(FOLLOW_UP_STEP.getName(), IndexedValueType.INDEXED_VALUE_TYPE_INT);
    all.put(FOLLOW_UP_STATUS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(NEXT_FOLLOW_UP_AT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
    all.put(NEXT_CHANNEL.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(LAST_FOLLOW_UP_OUTCOME.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(OPTED_OUT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_BOOL);
    return all;
  }
}
