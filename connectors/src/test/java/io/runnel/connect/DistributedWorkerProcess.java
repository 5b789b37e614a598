package io.runnel.connect;

import java.nio.file.Path;

/**
 * A distributed worker in a JVM of its own, for tests that kill it: {@code main(workerProperties)}
 * starts the worker, prints {@code rest=<uri>} on stdout and blocks until killed.
 */
public final class DistributedWorkerProcess {
  private DistributedWorkerProcess() {}

  /** Starts a worker from the properties file {@code args[0]} and blocks. */
  public static void main(String[] args) throws InterruptedException {
    DistributedWorker worker =
        new DistributedWorker(StandaloneWorker.readProperties(Path.of(args[0])));
    System.out.println("rest=" + worker.restUri());
    System.out.flush();
    Thread.currentThread().join();
  }
}
