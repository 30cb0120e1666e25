package io.followup.app.temporal;

import io.dropwizard.lifecycle.Managed;
import io.followup.worker.FollowUpWorker;
import io.followup.worker.WorkerDependencies;
import io.followup.worker.WorkerSettings;

/**
 * This process's worker roles, polling through the holder's current client; stopped and started
 * again around a replacement of the in-memory Temporal service.
 */
public final class Workers implements Managed {
  private final TemporalHolder temporal;
  private final WorkerSettings settings;
  private final WorkerDependencies dependencies;
  private FollowUpWorker worker;

  public Workers(
      TemporalHolder temporal, WorkerSettings settings, WorkerDependencies dependencies) {
    this.temporal = temporal;
    this.settings = settings;
    this.dependencies = dependencies;
  }

  @Override
  public synchronized void start() {
    if (worker == null) {
      worker = FollowUpWorker.start(temporal.client(), settings, dependencies);
    }
  }

  /** Stops polling and lets running tasks finish (the settings' shutdown wait). */
  @Override
  public synchronized void stop() {
    if (worker != null) {
      worker.close();
      worker = null;
    }
  }
}
