/** The renderer's Content Security Policy: nothing remote, no inline or evaluated script, no inline styles. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // No 'unsafe-inline': the renderer's few style props (bar widths) are set by React through the
  // CSSOM, which CSP does not block; measured with every page in Chromium (docs/decisions.md).
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
