package org.pyros.core.error;

/** Why a request to Pyros failed; stable across versions, so callers may branch on it. */
public enum ErrorCode {
  /** The name exists perhaps, but the configuration does not expose it. */
  NOT_EXPOSED,
  /** The name is exposed but nothing of that name is in the graph. */
  NOT_FOUND,
  /** A message type (or service type) could not be found or parsed. */
  UNKNOWN_TYPE,
  /** A message does not fit its type (wrong field, value out of range, wrong type). */
  BAD_MESSAGE,
  /** The service handler reported an error or threw. */
  SERVICE_FAILED,
  /** No answer in the allowed time. */
  TIMEOUT,
  /** The node or the system behind it cannot serve now (starting, moving, disconnected). */
  UNAVAILABLE,
  /** The system behind the node failed (I/O error, protocol error). */
  SYSTEM_FAILURE
}
