package io.runnel.samples.microservices;

/**
 * The payment service's answer to one {@link PaymentRequest}.
 *
 * @param correlationId the request's correlation id
 * @param approved whether the payment went through
 * @param amountCents the amount charged (approved) or refused (declined), in cents
 * @param reason why it was declined, or null
 */
public record PaymentReply(
    String correlationId, boolean approved, long amountCents, String reason) {}
