package org.pyros.core.error;

/**
 * Why a request to Pyros failed; stable across versions, so callers may branch on it.
 *
 * <p>Three codes are {@linkplain #isRetryable() retryable}: {@link #UNAVAILABLE}, {@link
 * #TIMEOUT} and {@link #OVERLOADED} describe a state that passes (the node starting and not
 * knowing the graph yet, a service whose type is not probed yet, the node moving to another
 * cluster member, a link reconnecting, a peer slow to answer, the node at its bound of requests
 * in flight), so the same request may succeed later unchanged; such
 * states are never answered {@link #NOT_FOUND} or {@link #UNKNOWN_TYPE}. Every other code describes the request or the graph as it is (a name not exposed
 * or absent, a bad message, a handler's failure): repeating the same request gives the same
 * answer until something else changes. A retried {@link #TIMEOUT} of a service call may run the
 * service twice, since the first call may have reached it; an {@link #OVERLOADED} one never
 * reached it.
 */
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
  /** No answer in the allowed time. Retryable. */
  TIMEOUT,
  /**
   * The node or the system behind it cannot serve now (starting and still learning the graph, a
   * type not probed yet, moving, disconnected). Retryable.
   */
  UNAVAILABLE,
  /** The system behind the node failed (I/O error, protocol error). */
  SYSTEM_FAILURE,
  /**
   * The node has as many requests in flight as it is configured to take (in all, or for that
   * topic or service) and refused this one at once, before doing any of it. Retryable, after
   * a pause.
   */
  OVERLOADED;

  /**
   * True when the failure is transient and the same request may succeed if repeated later:
   * {@link #UNAVAILABLE}, {@link #TIMEOUT} and {@link #OVERLOADED}. False for the others, which a
   * retry does not change.
   */
  public boolean isRetryable() {
    return this == UNAVAILABLE || this == TIMEOUT || this == OVERLOADED;
  }
}
