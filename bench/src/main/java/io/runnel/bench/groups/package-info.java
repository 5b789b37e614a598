/**
 * The latency of group writes ({@link io.runnel.bench.groups.CommitLatency}, run by {@code
 * bench/group-commits.sh}): a kafka-clients consumer's commitSync against in-process log-server
 * clusters of one and three nodes, where a commit is answered once every in-sync replica of its
 * {@code __consumer_offsets} partition has it.
 *
 * <p>Single-threaded driver: the main thread starts a cluster, commits in a loop and times each call.
 */
package io.runnel.bench.groups;
