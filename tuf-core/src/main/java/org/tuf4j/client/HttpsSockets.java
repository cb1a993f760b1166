package org.tuf4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS sockets of {@link UrlConnectionTransport}'s {@code https} connections: those of the
 * JDK's default TLS context ({@link SSLContext#getDefault()}: its trust store, protocols and cipher
 * suites, unchanged), taken when a fetcher's first {@code https} connection needs it, with host
 * name verification (endpoint identification {@code HTTPS}, as {@link java.net.http.HttpClient}
 * does it) set on every socket whatever default {@link javax.net.ssl.HostnameVerifier} the
 * application installed.
 *
 * <p>Why at the first connection: making the default context costs a fresh JVM about a third of
 * a second (hundreds of classes, the trust store read and parsed), which a process that checks a
 * plain {@code http} repository, or a mirror on the local network, never needs; and why per
 * fetcher: {@link HttpsURLConnection}'s own default factory is taken once for the whole JVM.
 * This class is loaded only by an {@code https} request.
 */
final class HttpsSockets extends SSLSocketFactory {
  private final SSLSocketFactory tls;

  HttpsSockets() throws IOException {
    try {
      this.tls = SSLContext.getDefault().getSocketFactory();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("this JDK has no default TLS context", e);
    }
  }

  /** Makes {@code connection}, an {@code https} one, use {@code sockets}. */
  static void secure(HttpURLConnection connection, HttpsSockets sockets) {
    HttpsURLConnection https = (HttpsURLConnection) connection;
    https.setSSLSocketFactory(sockets);
    // Consulted only if a socket's own check were skipped: then nothing passes.
    https.setHostnameVerifier((host, session) -> false);
  }

  private static Socket verifying(Socket socket) {
    if (socket instanceof SSLSocket ssl) {
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
    }
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return verifying(tls.createSocket());
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose)
      throws IOException {
    return verifying(tls.createSocket(s, host, port, autoClose));
  }

  @Override
  public Socket createSocket(Socket s, InputStream consumed, boolean autoClose)
      throws IOException {
    return verifying(tls.createSocket(s, consumed, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return verifying(tls.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return verifying(tls.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return verifying(tls.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
      int localPort) throws IOException {
    return verifying(tls.createSocket(address, port, localAddress, localPort));
  }
}
