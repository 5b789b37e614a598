package io.runnel.bench.streams;

import io.runnel.flink.FlinkJob;
import io.runnel.flink.FlinkRunner;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;

/**
 * The workload's topology (the same code as {@link RunnelStreamsApp}) on Apache Flink through
 * flink-bridge: a local MiniCluster in this JVM, parallelism as given, checkpoints every 10 s.
 */
final class FlinkBridgeApp implements StreamsApp {
  static final String ENGINE = "flink";

  private final Workload workload;
  private final String servers;
  private final int parallelism;
  private FlinkJob job;

  FlinkBridgeApp(Workload workload, String servers, int parallelism) {
    this.workload = workload;
    this.servers = servers;
    this.parallelism = parallelism;
  }

  @Override
  public void start() {
    job =
        FlinkRunner.start(
            RunnelStreamsApp.topology(workload, workload.outputTopic(ENGINE)),
            Map.of(
                "application.id",
                workload.applicationId(ENGINE),
                "bootstrap.servers",
                servers,
                FlinkRunner.PARALLELISM,
                Integer.toString(parallelism)));
  }

  @Override
  public Throwable failure() {
    // Asked on every poll of the output: cheap enough (a local future) for the MiniCluster.
    JobStatus status = job.status();
    return status == JobStatus.FAILED || status == JobStatus.CANCELED
        ? new IllegalStateException("Flink job " + job.id() + " is " + status)
        : null;
  }

  @Override
  public void close(Duration timeout) {
    if (job != null) {
      job.close();
    }
  }
}
