import { LIMITS } from '../../limits';
import type { Plugin } from '../index';
import { errorResponse } from './error-response';

// The rest of the body is never read, so the connection cannot carry another request.
const tooLarge = () =>
  errorResponse(413, `Request body exceeds ${LIMITS.maxBodyBytes} bytes.`, 'PAYLOAD_TOO_LARGE', { connection: 'close' });

/** Reads a body without a declared length up to the limit; null when it is larger. */
async function readCapped(body: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > LIMITS.maxBodyBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Only a single non-negative integer is a Content-Length (no lists, as in request smuggling). */
const CONTENT_LENGTH = /^\d+$/;

/**
 * A body in a content coding other than none: refused rather than read as the JSON it is not
 * (gzip) or, worse, read as JSON it claims not to be. RFC 7694: 415 naming what is accepted.
 */
export function unsupportedContentEncoding(headers: Pick<Headers, 'get'>): string | null {
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  return encoding === undefined || encoding === '' || encoding === 'identity' ? null : encoding;
}

/**
 * HTTP 413 for bodies over the limit, whether their length is declared or streamed; 400 for a
 * Content-Length that is not a length; 415 for a compressed body. It stands in for yoga's own
 * body limit (turned off in src/app.ts), which passed every body through a stream transform even
 * when its length was known.
 */
export function useBodyLimit(): Plugin {
  return {
    // Synchronous unless a body of unknown length has to be read.
    onRequest({ request, setRequest, endResponse, fetchAPI }) {
      const encoding = request.method === 'POST' ? unsupportedContentEncoding(request.headers) : null;
      if (encoding !== null) {
        const message = `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported: send the body uncompressed.`;
        return endResponse(errorResponse(415, message, 'UNSUPPORTED_MEDIA_TYPE', { 'accept-encoding': 'identity' }));
      }
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) endResponse(errorResponse(400, 'Content-Length header is invalid.', 'BAD_REQUEST'));
        else if (Number(declared) > LIMITS.maxBodyBytes) endResponse(tooLarge());
        return;
      }
      if (!request.body) return;
      return readCapped(request.body).then((bytes) => {
        if (!bytes) return endResponse(tooLarge());
        setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body: bytes }));
      });
    },
  };
}
