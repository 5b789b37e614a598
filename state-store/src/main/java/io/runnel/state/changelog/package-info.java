/**
 * Changelogging and restore: the {@link io.runnel.state.changelog.ChangelogWriter} a logged store
 * writes to, the {@link io.runnel.state.changelog.ChangelogReader} restore reads from (both
 * implemented by streams-api over its Log SPI), the {@link io.runnel.state.changelog.StateRestorer}
 * and the {@link io.runnel.state.changelog.OffsetCheckpoint} file.
 *
 * <p>Invariants: the commit order is flush caches and stores, flush the changelog writer (which
 * returns the last acknowledged offset), write the checkpoint, then commit input offsets; so a
 * checkpointed offset is always in the store. Restore reads from the checkpoint plus one up to the
 * log end offset captured when it starts; a clean restart reads nothing.
 *
 * <p>Threading: writers, readers and checkpoints are used by the task's stream thread (or the
 * thread restoring it); the restorer is stateless and shareable.
 */
package io.runnel.state.changelog;
