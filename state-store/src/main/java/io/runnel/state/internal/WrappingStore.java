package io.runnel.state.internal;

import io.runnel.state.StateStore;
import io.runnel.state.changelog.RestoreTarget;
import java.util.Objects;

/**
 * A store layered on another (a typed view, a changelogging wrapper): name, open state, flush,
 * close and restore are the inner store's. Subclasses implement the data operations.
 *
 * <p>Threading as the inner store's.
 *
 * @param <S> the inner store's type
 */
public abstract class WrappingStore<S extends StateStore> implements StateStore {
  protected final S inner;

  protected WrappingStore(S inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public void flush() {
    inner.flush();
  }

  @Override
  public void close() {
    inner.close();
  }

  @Override
  public RestoreTarget restoreTarget() {
    return inner.restoreTarget();
  }
}
