package io.runnel.samples;

/**
 * One sample application: a small, readable app showing one use case, run by {@code bin/runnel
 * sample NAME} and by its integration test.
 *
 * <p>{@link #start} sets up what the sample needs (topics, input data, files), starts its apps and
 * returns while they run, printing what happens to {@link SampleContext#out()}; closing the
 * returned handle stops everything cleanly. Starting again with the same work directory and
 * cluster resumes from the stored offsets and state.
 */
public interface Sample {

  /** The name {@code bin/runnel sample} takes, e.g. {@code word-count}. */
  String name();

  /** One line saying what the sample shows. */
  String description();

  /**
   * Starts the sample.
   *
   * @return a handle whose {@code close()} stops the sample's apps, waiting for them to finish
   * @throws Exception if the sample cannot start; the message says why and what to do
   */
  AutoCloseable start(SampleContext context) throws Exception;
}
