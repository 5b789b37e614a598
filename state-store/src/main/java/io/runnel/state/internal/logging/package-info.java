/**
 * Implementation, no compatibility promise: wrappers that send every change of a key-value, window
 * or session store to a {@link io.runnel.state.changelog.ChangelogWriter}.
 *
 * <p>Invariants: the change is applied to the store before it is sent; a delete is sent as a null
 * value; window and session changes are keyed like their store keys, so restore can route them.
 *
 * <p>Threading: writes from the owning stream thread only.
 */
package io.runnel.state.internal.logging;
