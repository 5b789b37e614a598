package io.runnel.flink;

import io.runnel.flink.internal.LocalTopologies;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * A running translated topology, as {@link FlinkRunner#start} returns it. Thread-safe (it delegates
 * to Flink's {@link JobClient}).
 */
public final class FlinkJob implements AutoCloseable {
  private final JobClient client;
  private final TopologySource source;

  FlinkJob(JobClient client, TopologySource source) {
    this.client = client;
    this.source = source;
  }

  /** The Flink job id. */
  public JobID id() {
    return client.getJobID();
  }

  /** The job's status as Flink reports it now. */
  public JobStatus status() {
    try {
      return client.getJobStatus().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted asking for the status of job " + id(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot get the status of Flink job " + id() + ": " + e, e);
    }
  }

  /** Cancels the job (if still running) and waits until Flink has done so. */
  @Override
  public void close() {
    try {
      if (!status().isGloballyTerminalState()) {
        client.cancel().get(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted cancelling Flink job " + id(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot cancel Flink job " + id() + ": " + e, e);
    } finally {
      LocalTopologies.release(source);
    }
  }
}
