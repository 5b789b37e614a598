package io.runnel.samples.microservices;

/**
 * The order service asks the payment service to charge a customer.
 *
 * @param correlationId chosen by the order service; the reply carries it back
 * @param orderId the order, for the payment service's records
 * @param customer who pays
 * @param amountCents how much, in cents
 */
public record PaymentRequest(
    String correlationId, long orderId, String customer, long amountCents) {}
