package io.runnel.samples.dataintegration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A row of the shop's {@code orders} table, as jdbc-source writes it to its topic. */
public record Order(
    long id,
    @JsonProperty("customer_id") long customerId,
    String product,
    int quantity,
    double price) {}
