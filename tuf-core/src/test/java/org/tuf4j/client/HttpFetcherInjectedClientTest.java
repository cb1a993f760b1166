package org.tuf4j.client;

import java.net.http.HttpClient;

/** {@link HttpFetcherTest}'s cases with an injected {@link HttpClient}, its path unchanged. */
class HttpFetcherInjectedClientTest extends HttpFetcherTest {
  @Override
  HttpFetcher.Builder fetcher() {
    return HttpFetcher.builder().httpClient(HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL).build());
  }

  @Override
  HttpFetcher.Builder notFollowingRedirects() {
    return HttpFetcher.builder().httpClient(HttpClient.newHttpClient());
  }
}
