package io.followup.workflows.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Steps by number, in key order. Serialises as the API's object: {@code {"1": {...}, "2": {...}}}.
 */
public record FollowUpConfig(SortedMap<Integer, StepConfig> steps) {

  public static final FollowUpConfig EMPTY = new FollowUpConfig(new TreeMap<>());

  public FollowUpConfig {
    // navigable, so after() can ask for the next key
    steps = Collections.unmodifiableNavigableMap(new TreeMap<>(steps == null ? Map.of() : steps));
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static FollowUpConfig of(Map<Integer, StepConfig> steps) {
    return new FollowUpConfig(steps == null ? null : new TreeMap<>(steps));
  }

  @JsonValue
  public SortedMap<Integer, StepConfig> steps() {
    return steps;
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  public boolean has(int step) {
    return steps.containsKey(step);
  }

  public StepConfig step(int step) {
    StepConfig config = steps.get(step);
    if (config == null) {
      throw new IllegalStateException("step " + step + " is not in the config");
    }
    return config;
  }

  public Optional<Integer> first() {
    return steps.isEmpty() ? Optional.empty() : Optional.of(steps.firstKey());
  }

  /**
   * The step after {@code step} in key order, if any. Navigates the keys (no {@code step + 1}), so
   * it cannot overflow whatever the step.
   */
  public Optional<Integer> after(int step) {
    return Optional.ofNullable(((NavigableMap<Integer, StepConfig>) steps).higherKey(step));
  }
}
