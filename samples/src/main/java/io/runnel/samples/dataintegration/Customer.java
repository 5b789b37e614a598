package io.runnel.samples.dataintegration;

/**
 * A row of the shop's {@code customers} table, as jdbc-source writes it to its topic (JSON, one
 * property per column).
 */
public record Customer(long id, String name, String city) {}
