package io.runnel.streams.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The children of one processor in a task: {@link #forward} hands a record to each, depth first, in
 * the order they were added to the topology. Not thread-safe: the task's stream thread only.
 */
public final class Downstream {
  private final List<Processor> children = new ArrayList<>();

  /** Adds a child; used while a task (or another runtime's operator) wires its processors. */
  public void add(Processor child) {
    children.add(child);
  }

  /** Sends a record to every child. */
  public void forward(Object key, Object value, long timestamp) {
    for (Processor child : children) {
      child.process(key, value, timestamp);
    }
  }
}
