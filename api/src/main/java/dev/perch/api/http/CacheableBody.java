package dev.perch.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A reply body of fixed bytes that clients and proxies may keep: written as it is, with its media
 * type, a strong {@code ETag} (from a SHA-256 of the bytes) and {@code Cache-Control: no-cache}
 * (keep it, ask before using it again) instead of the {@code no-store} of every other answer.
 * Immutable; the bytes are never changed after construction.
 */
public final class CacheableBody {

  private static final int TAG_BYTES = 16;

  private final AsciiString mediaType;
  private final byte[] bytes;
  private final AsciiString etag;

  public CacheableBody(String mediaType, byte[] bytes) {
    this.mediaType = AsciiString.cached(mediaType);
    this.bytes = bytes.clone();
    this.etag = AsciiString.cached('"' + HexFormat.of().formatHex(sha256(this.bytes), 0, TAG_BYTES) + '"');
  }

  /**
   * 200 with the bytes, or 304 without them when {@code ifNoneMatch} (the request's
   * {@code If-None-Match}, null when absent) names this body's tag or is {@code *}; tags compare
   * weakly, as RFC 9110 §13.1.2 has it for this header.
   */
  public Reply reply(String ifNoneMatch) {
    return new Reply(matches(ifNoneMatch) ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK, null, this);
  }

  AsciiString mediaType() {
    return mediaType;
  }

  byte[] bytes() {
    return bytes;
  }

  AsciiString etag() {
    return etag;
  }

  private boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String listed : ifNoneMatch.split(",")) {
      String tag = listed.trim();
      if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).contentEquals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
