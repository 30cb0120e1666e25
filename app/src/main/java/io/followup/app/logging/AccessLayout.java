package io.followup.app.logging;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.logging.json.AccessAttribute;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;
import io.followup.workflows.RequestIds;
import java.util.EnumSet;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Pattern;

/**
 * The access log's layout, {@code type: followup-access}: {@code pattern} as text, or with {@code
 * format: json} one JSON object a line. Either way the path without its query string (a key or a
 * phone number sent as a query parameter never reaches the log), with the number of a
 * Do-Not-Contact path ({@code /v1/dnc/{phone}}) masked, no Referer, and the request id (the {@code
 * X-Request-Id} response header).
 */
@JsonTypeName("followup-access")
public class AccessLayout implements DiscoverableLayoutFactory<IAccessEvent> {
  /** {@code text} or {@code json} (LOG_FORMAT). */
  @JsonProperty public String format = "text";

  /** The text line (logback-access conversion words). */
  @JsonProperty
  public String pattern = "%h %l [%t{dd/MMM/yyyy:HH:mm:ss.SSS Z,UTC}] \"%m %U %H\" %s";

  /** The phone number in {@code /v1/dnc/{phone}} (any spelling; not {@code register}). */
  private static final Pattern DNC_NUMBER =
      Pattern.compile("(/v1/dnc/)(?!register(?![^\\s\"?/]))[^\\s\"?/]+");

  /** The line with a Do-Not-Contact path's number replaced by {@code {phone}}. */
  static String masked(String line) {
    return DNC_NUMBER.matcher(line).replaceAll("$1{phone}");
  }

  @Override
  public LayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
    return new Masked(unmasked(context, timeZone));
  }

  private LayoutBase<IAccessEvent> unmasked(LoggerContext context, TimeZone timeZone) {
    if (LogFormat.parse(format) == LogFormat.TEXT) {
      LogbackAccessRequestLayout text = new LogbackAccessRequestLayout(context, timeZone);
      text.setPattern(pattern);
      return text;
    }
    AccessJsonLayoutBaseFactory json = new AccessJsonLayoutBaseFactory();
    json.setIncludes(
        EnumSet.of(
            AccessAttribute.TIMESTAMP,
            AccessAttribute.REMOTE_ADDRESS,
            AccessAttribute.METHOD,
            AccessAttribute.REQUEST_URI,
            AccessAttribute.PROTOCOL,
            AccessAttribute.STATUS_CODE,
            AccessAttribute.CONTENT_LENGTH,
            AccessAttribute.REQUEST_TIME));
    json.setResponseHeaders(Set.of(RequestIds.HEADER));
    return json.build(context, timeZone);
  }

  /** The built layout, with {@link #masked} applied to each line. */
  static final class Masked extends LayoutBase<IAccessEvent> {
    private final LayoutBase<IAccessEvent> layout;

    Masked(LayoutBase<IAccessEvent> layout) {
      this.layout = layout;
    }

    @Override
    public void setContext(ch.qos.logback.core.Context context) {
      super.setContext(context);
      layout.setContext(context);
    }

    @Override
    public void start() {
      layout.start();
      super.start();
    }

    @Override
    public void stop() {
      super.stop();
      layout.stop();
    }

    @Override
    public String getContentType() {
      return layout.getContentType();
    }

    @Override
    public String doLayout(IAccessEvent event) {
      return masked(layout.doLayout(event));
    }
  }
}
