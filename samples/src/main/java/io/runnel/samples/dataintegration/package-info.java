/**
 * The data-integration sample: a simulated {@link io.runnel.samples.dataintegration.Shop} inserts
 * customers and orders into a database (SQLite by default, PostgreSQL by URL); jdbc-source copies
 * both tables into topics, a streams app joins each order with its customer, and jdbc-sink upserts
 * the enriched orders into table {@code enriched_orders}. {@link
 * io.runnel.samples.dataintegration.DataIntegrationSample} wires it up. The shop runs on the
 * sample's jobs thread, the connectors on the worker's task threads, the join on its stream thread.
 */
package io.runnel.samples.dataintegration;
