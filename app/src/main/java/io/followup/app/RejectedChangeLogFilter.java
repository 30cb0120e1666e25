package io.followup.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.followup.workflows.model.FollowUpRejection;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * The Temporal SDK logs every exception a workflow's update validator throws as a WARN with its
 * stack trace. A rejected change ({@link FollowUpRejection}) is a 400 for the caller, not a fault
 * of ours: those WARNs are dropped (the API answers the rule; the gateway logs one line at INFO).
 * Every other workflow failure is still logged as the SDK writes it.
 */
final class RejectedChangeLogFilter extends TurboFilter {
  static final String SDK_LOGGER = "io.temporal.internal.sync.WorkflowExecutionHandler";
  private static final String NAME = "rejected-follow-up-changes";

  /** Installs the filter once in the running logback context (after Dropwizard configured it). */
  static void install() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
      RejectedChangeLogFilter filter = new RejectedChangeLogFilter();
      filter.setName(NAME);
      filter.start();
      context.addTurboFilter(filter);
    }
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !SDK_LOGGER.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    Throwable error = t;
    if (error == null && params != null && params.length > 0) {
      error = params[params.length - 1] instanceof Throwable last ? last : null;
    }
    return isRejection(error) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  static boolean isRejection(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof ApplicationFailure failure
          && FollowUpRejection.TYPE.equals(failure.getType())) {
        return true;
      }
    }
    return false;
  }
}
