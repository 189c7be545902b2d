package org.pyros.ros.xmlrpc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.pyros.core.error.ErrorCode;

/**
 * An asynchronous XML-RPC client on {@link HttpClient}. Returned stages fail with {@link
 * XmlRpcFaultException} for a fault, and with {@link XmlRpcException} otherwise: code TIMEOUT
 * when no answer came in time, UNAVAILABLE when the connection was refused, SYSTEM_FAILURE for
 * HTTP errors and bad XML. Thread-safe; share one instance.
 */
public final class XmlRpcClient {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final Duration requestTimeout;
  private final XmlRpcLimits limits;
  private final XmlRpcReader reader;

  public XmlRpcClient(Duration connectTimeout, Duration requestTimeout, XmlRpcLimits limits) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: ROS peers speak HTTP/1.x
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = Objects.requireNonNull(requestTimeout);
    this.limits = Objects.requireNonNull(limits);
    this.reader = new XmlRpcReader(limits);
  }

  /** Default timeouts (connect 5 s, answer 30 s) and limits. */
  public XmlRpcClient() {
    this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, XmlRpcLimits.DEFAULT);
  }

  /** Calls {@code method} at {@code uri}; the stage holds the decoded result. */
  public CompletionStage<Object> call(URI uri, String method, Object... params) {
    return call(uri, method, Arrays.asList(params), requestTimeout);
  }

  /** Calls {@code method} at {@code uri}, with its own answer timeout. */
  public CompletionStage<Object> call(URI uri, String method, List<?> params, Duration timeout) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Content-Type", "text/xml; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofByteArray(XmlRpcWriter.call(method, params)))
              .build();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(request, BoundedBody.handler(limits.maxBytes()))
        .handle(
            (response, error) -> {
              if (error != null) {
                throw failure(uri, method, timeout, error);
              }
              if (response.statusCode() != 200) {
                throw new XmlRpcException(
                    ErrorCode.SYSTEM_FAILURE,
                    "HTTP " + response.statusCode() + " from " + uri + " for " + method);
              }
              if (response.body() == null) {
                throw new XmlRpcFormatException(
                    "XML-RPC response from " + uri + " larger than " + limits.maxBytes() + " bytes");
              }
              return reader.readResponse(response.body());
            });
  }

  private static RuntimeException failure(URI uri, String method, Duration timeout, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof XmlRpcException x) {
      return x;
    }
    String call = method + " at " + uri;
    if (cause instanceof HttpTimeoutException) {
      return new XmlRpcException(ErrorCode.TIMEOUT, "no answer to " + call + " within " + timeout, cause);
    }
    if (cause instanceof ConnectException) {
      return new XmlRpcException(ErrorCode.UNAVAILABLE, "cannot connect for " + call + ": " + cause, cause);
    }
    if (cause instanceof IOException) {
      return new XmlRpcException(ErrorCode.SYSTEM_FAILURE, call + " failed: " + cause, cause);
    }
    return new XmlRpcException(ErrorCode.SYSTEM_FAILURE, call + " failed: " + cause, cause);
  }
}
