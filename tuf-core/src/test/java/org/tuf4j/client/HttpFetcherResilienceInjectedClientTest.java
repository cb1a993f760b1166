package org.tuf4j.client;

import java.net.http.HttpClient;

/** {@link HttpFetcherResilienceTest}'s cases with an injected {@link HttpClient}. */
class HttpFetcherResilienceInjectedClientTest extends HttpFetcherResilienceTest {
  @Override
  HttpFetcher.Builder fetcher() {
    return HttpFetcher.builder().httpClient(HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL).build());
  }
}
