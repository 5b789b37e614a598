/**
 * What the samples share and that is not their point: {@link io.runnel.samples.support.SampleRun},
 * which runs a sample's background jobs and closes its parts in reverse order, and {@link
 * io.runnel.samples.support.Topics}, which creates the topics a sample needs. Kept small so each
 * sample's own package reads as a user's app would.
 */
package io.runnel.samples.support;
