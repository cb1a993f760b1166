package org.tuf4j.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.LongFunction;

/**
 * The transport of an {@link HttpFetcher} built with an injected {@link HttpClient}, which carries
 * the application's TLS context, proxy, authenticator, connect timeout and redirect policy.
 * Requests are sent as HTTP/1.1, so that flow control is TCP's (an HTTP/2 stream window lets the
 * server push megabytes ahead of the reader), with the read timeout as the request's timeout:
 * the bound on the wait for the response headers, connection set-up included.
 */
final class HttpClientTransport implements HttpTransport {
  private final HttpClient client;
  private final Duration readTimeout;

  HttpClientTransport(HttpClient client, Duration readTimeout) {
    this.client = client;
    this.readTimeout = readTimeout;
  }

  @Override
  public Response send(URI uri, List<Map.Entry<String, String>> headers,
      LongFunction<HttpBodyStream> body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .GET()
        .version(HttpClient.Version.HTTP_1_1)
        .timeout(readTimeout);
    headers.forEach(h -> request.header(h.getKey(), h.getValue()));
    long start = System.nanoTime();
    HttpResponse<HttpBodyStream> response;
    try {
      response = client.send(request.build(),
          info -> new BodyAdapter(body.apply(System.nanoTime() - start)));
    } catch (HttpConnectTimeoutException e) {
      throw new ConnectTimedOut(e);
    } catch (HttpTimeoutException e) {
      throw new TimedOut("no response headers within " + readTimeout.toMillis() + " ms", e);
    }
    return new Response(response.statusCode(), response.headers()::firstValue, response.body());
  }

  /** Hands the client's buffers to an {@link HttpBodyStream}, there as soon as the headers are. */
  private static final class BodyAdapter implements HttpResponse.BodySubscriber<HttpBodyStream> {
    private final HttpBodyStream body;
    private final Flow.Subscriber<List<ByteBuffer>> subscriber;

    BodyAdapter(HttpBodyStream body) {
      this.body = body;
      this.subscriber = body.subscriber();
    }

    @Override
    public CompletionStage<HttpBodyStream> getBody() {
      // Available at once, so the response completes when the headers arrive.
      return CompletableFuture.completedStage(body);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscriber.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      subscriber.onNext(item);
    }

    @Override
    public void onError(Throwable t) {
      subscriber.onError(t instanceof HttpTimeoutException
          ? new TimedOut("the client timed out", t) : t);
    }

    @Override
    public void onComplete() {
      subscriber.onComplete();
    }
  }
}
