package io.followup.api.core.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The send switch: every channel a step sends on, paused or sending. */
public record SendSwitchView(List<Channel> channels) {
  /**
   * @param since when it was last paused or resumed (null: never)
   * @param by who set it last: {@code api} or {@code operator} (null: never)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Channel(String channel, boolean paused, String reason, String since, String by) {}
}
