package io.followup.worker;

import io.followup.workflows.TaskQueues;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a worker process serves: each role is one task queue, so each fleet scales on its own. */
public enum WorkerRole {
  /** Lead workflows and their bookkeeping activities. */
  WORKFLOWS(TaskQueues.WORKFLOWS),
  TEXT(TaskQueues.TEXT),
  /** Calls and voicemails. */
  CALL(TaskQueues.CALL),
  EMAIL(TaskQueues.EMAIL);

  private final String taskQueue;

  WorkerRole(String taskQueue) {
    this.taskQueue = taskQueue;
  }

  public String taskQueue() {
    return taskQueue;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a comma-separated list such as {@code "workflows,text,call,email"}: any subset, any
   * case, blanks ignored.
   *
   * @throws IllegalArgumentException naming an unknown role, or when no role is given
   */
  public static Set<WorkerRole> parse(String roles) {
    EnumSet<WorkerRole> parsed = EnumSet.noneOf(WorkerRole.class);
    for (String part : roles == null ? new String[0] : roles.split(",")) {
      String name = part.strip();
      if (name.isEmpty()) {
        continue;
      }
      try {
        parsed.add(valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown worker role '" + name + "' (workflows, text, call, email)");
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("no worker role given (workflows, text, call, email)");
    }
    return parsed;
  }
}
