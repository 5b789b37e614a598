package io.runnel.samples.dataintegration;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An order joined with its customer: a row of {@code enriched_orders}, one column per property
 * (jdbc-sink creates the table from the first record).
 */
public record EnrichedOrder(
    @JsonProperty("order_id") long orderId,
    @JsonProperty("customer_id") long customerId,
    @JsonProperty("customer_name") String customerName,
    String city,
    String product,
    int quantity,
    double total) {

  /** The name used for an order whose customer the join has not seen. */
  static final String UNKNOWN_CUSTOMER = "(unknown customer)";

  /** {@code order} joined with {@code customer}, which is null if the table has no such row. */
  static EnrichedOrder of(Order order, Customer customer) {
    return new EnrichedOrder(
        order.id(),
        order.customerId(),
        customer == null ? UNKNOWN_CUSTOMER : customer.name(),
        customer == null ? "" : customer.city(),
        order.product(),
        order.quantity(),
        Math.round(order.quantity() * order.price() * 100) / 100.0);
  }
}
