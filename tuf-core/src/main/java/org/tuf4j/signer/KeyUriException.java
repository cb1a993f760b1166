package org.tuf4j.signer;

import java.security.GeneralSecurityException;

/**
 * A key URI that cannot be opened as written: malformed, of a scheme no provider opens, or with
 * an attribute its provider does not support. The key itself was not tried. {@link #uri()} is
 * the URI without its secrets ({@code pin-value} is never shown).
 */
public final class KeyUriException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Why the URI was refused. */
  public enum Reason {
    /** Not a URI, or not one its scheme's syntax allows. */
    MALFORMED,
    /** No provider opens URIs of this scheme, or two plug-ins claim it. */
    UNKNOWN_SCHEME,
    /** Well-formed, but asking for something its provider cannot do. */
    UNSUPPORTED
  }

  /** Why the URI was refused. */
  private final Reason reason;
  /** The URI refused, without secrets. */
  private final String uri;

  /**
   * A refusal.
   *
   * @param reason why
   * @param uri the URI, without secrets
   * @param message what is wrong with it
   */
  public KeyUriException(Reason reason, String uri, String message) {
    super(uri + ": " + message);
    this.reason = reason;
    this.uri = uri;
  }

  /**
   * Why the URI was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * The URI refused, without secrets.
   *
   * @return the URI as text
   */
  public String uri() {
    return uri;
  }
}
