package io.runnel.state.internal;

/** A store that counts the iterators it handed out and that are still open. */
public interface TracksIterators {
  /** Iterators opened and not closed yet; a number that keeps growing is a leak. */
  int openIterators();
}
