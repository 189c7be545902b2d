package org.pyros.ros.tcpros;

import java.util.Objects;

/**
 * What a service carries, as TCPROS headers state it.
 *
 * @param service global service name, e.g. {@code /set_flag}
 * @param type service type, e.g. {@code std_srvs/SetBool}
 * @param md5sum the service type's md5sum ({@code *} on a client accepts any)
 * @param requestType e.g. {@code std_srvs/SetBoolRequest}
 * @param responseType e.g. {@code std_srvs/SetBoolResponse}
 */
public record ServiceSpec(String service, String type, String md5sum, String requestType, String responseType) {
  public ServiceSpec {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(md5sum, "md5sum");
    Objects.requireNonNull(requestType, "requestType");
    Objects.requireNonNull(responseType, "responseType");
  }

  /** A spec with request/response types named {@code <type>Request}/{@code <type>Response}. */
  public static ServiceSpec of(String service, String type, String md5sum) {
    return new ServiceSpec(service, type, md5sum, type + "Request", type + "Response");
  }
}
