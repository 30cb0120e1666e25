package io.followup.workflows;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The request id of the HTTP request behind a piece of work, kept in the SLF4J MDC under {@link
 * #MDC_KEY} so every log line carries it, and carried through Temporal by this {@link
 * ContextPropagator}: from the API's client into the workflow it starts, from the workflow into the
 * activities it schedules. A workflow that already runs takes the id of the change it applies from
 * {@code FollowUpChange.requestId} (an Update runs in the context the workflow was started with).
 *
 * <p>An absent id travels as the empty string, so a thread the SDK reuses never keeps the id of an
 * earlier task.
 */
public final class RequestIds implements ContextPropagator {
  /** The MDC key, also the field name in JSON log lines. */
  public static final String MDC_KEY = "requestId";

  /** The HTTP header that carries it. */
  public static final String HEADER = "X-Request-Id";

  private static final String TEMPORAL_HEADER = "followup-request-id";
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  /** The current thread's request id, or null. */
  public static String current() {
    String id = MDC.get(MDC_KEY);
    return id == null || id.isEmpty() ? null : id;
  }

  /** Sets (or, for null or empty, clears) the current thread's request id. */
  public static void use(String id) {
    if (id == null || id.isEmpty()) {
      MDC.remove(MDC_KEY);
    } else {
      MDC.put(MDC_KEY, id);
    }
  }

  @Override
  public String getName() {
    return "request-id";
  }

  @Override
  public Map<String, Payload> serializeContext(Object context) {
    String id = context == null ? "" : context.toString();
    return Map.of(TEMPORAL_HEADER, CONVERTER.toPayload(id).orElseThrow());
  }

  @Override
  public Object deserializeContext(Map<String, Payload> header) {
    Payload payload = header.get(TEMPORAL_HEADER);
    if (payload == null) {
      return "";
    }
    String id = CONVERTER.fromPayload(payload, String.class, String.class);
    return id == null ? "" : id;
  }

  @Override
  public Object getCurrentContext() {
    String id = current();
    return id == null ? "" : id;
  }

  @Override
  public void setCurrentContext(Object context) {
    use(context == null ? null : context.toString());
  }
}
