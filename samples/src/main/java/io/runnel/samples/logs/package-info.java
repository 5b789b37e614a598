/**
 * The log-aggregation sample and the quickstart's pipeline: generated service logs, shipped by
 * file-source, aggregated per service and minute by a streams app, upserted into SQL by jdbc-sink,
 * and shown as a live table. {@link io.runnel.samples.logs.LogAggregation} is the pipeline; the
 * rest feeds and shows it.
 */
package io.runnel.samples.logs;
