package io.runnel.log.cluster;

/** Told of every new metadata image, in log order, on Ratis' apply thread: keep it short. */
@FunctionalInterface
public interface ImageListener {
  void applied(MetadataImage image, long index);
}
