package org.tuf4j.client;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default TLS context ({@link SSLContext#getDefault()}: its trust store, protocols and
 * cipher suites, unchanged), made only when the first {@code https} connection needs it.
 *
 * <p>Why: {@link java.net.http.HttpClient} builds its TLS context when the client is built, and
 * that costs about a third of a second in a fresh JVM (hundreds of classes, the trust store read
 * and parsed), which a process that checks a plain {@code http} repository, or a mirror on the
 * local network, never uses. The fetcher's own client gets this context together with explicit
 * {@link SSLParameters} (the client would otherwise ask the context for its defaults at once);
 * empty parameters leave the engine's protocols and cipher suites at the default context's, and
 * the client still sets host name verification ({@code HTTPS}) on every connection.
 */
final class DeferredTlsContext extends SSLContext {
  DeferredTlsContext() {
    super(new Spi(), null, "Default");
  }

  /** Parameters that leave every setting at the context's defaults. */
  static SSLParameters defaultParameters() {
    return new SSLParameters();
  }

  private static final class Spi extends SSLContextSpi {
    private volatile SSLContext context;

    private SSLContext context() {
      SSLContext c = context;
      if (c == null) {
        try {
          c = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("this JDK has no default TLS context", e);
        }
        context = c;
      }
      return c;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw new UnsupportedOperationException("the default TLS context is not initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return context().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return context().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return context().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return context().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return context().getSupportedSSLParameters();
    }
  }
}
