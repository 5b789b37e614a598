/**
 * The chaos harness of issue 8: three log-server nodes as child JVMs on loopback, each client
 * listener behind a {@link io.runnel.log.chaos.TcpProxy} the harness can cut, idempotent producers
 * (acks=all) writing sequential values per partition, a seeded {@link io.runnel.log.chaos.Nemesis}
 * (SIGKILL and restart, SIGSTOP/SIGCONT, proxy cut and heal) and a {@link
 * io.runnel.log.chaos.Checker} that reads every partition back through a consumer and from every
 * replica's files.
 *
 * <p>Invariants checked: every acknowledged value is present at the offset it was acknowledged
 * with, none appears twice, values of a partition are in the order they were sent, and every
 * replica of a partition holds the identical log (offsets, values, leader epochs).
 *
 * <p>Threading: {@link io.runnel.log.chaos.ChaosHarness} drives one run from the calling thread;
 * the nemesis and each partition's writer run on their own threads, and each class says what it
 * shares. {@link io.runnel.log.chaos.ChaosNode} is the main of a child JVM, not used in-process.
 */
package io.runnel.log.chaos;
