package io.followup.api.core.view;

import java.util.List;

/**
 * A lead's tag as Apten shows it: {@code id}, {@code name} and the {@code condition} under which it
 * applies. The built-in {@link #HAS_REPLIED} is the only one today.
 */
public record TagView(String id, String name, String condition) {
  public static final TagView HAS_REPLIED =
      new TagView("hasReplied", "hasReplied", "the lead replied to a message");

  /** The built-in tags a lead has. */
  public static List<TagView> of(boolean hasReplied) {
    return hasReplied ? List.of(HAS_REPLIED) : List.of();
  }
}
