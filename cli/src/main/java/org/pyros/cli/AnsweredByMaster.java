package org.pyros.cli;

/**
 * A ROS 1 command that the master (and, for service types, each server) answers alone: it runs
 * with no node of its own, no actor system and nothing to unregister, as {@code rostopic list}
 * does, so it takes the time of a few XML-RPC calls instead of a node's start and stop. Its
 * output is that of the same command run by a node. ROS 2 has no master: there the command runs
 * as a node.
 */
interface AnsweredByMaster {
  /** The command's work, given the master; returns the exit code. */
  int runOnMaster(MasterConnection master, String callerId);
}
