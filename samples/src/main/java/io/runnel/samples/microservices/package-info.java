/**
 * The microservices sample: an {@link io.runnel.samples.microservices.OrderService} and a payment
 * service (a streams app, {@link io.runnel.samples.microservices.PaymentService}) talk only through
 * topics. Each payment request carries a correlation id; the order service keeps its pending orders
 * by that id and completes each with the reply that carries it. The order service's reply listener
 * has its own thread; placing orders runs on the sample's jobs thread; the payment service on its
 * stream thread.
 */
package io.runnel.samples.microservices;
