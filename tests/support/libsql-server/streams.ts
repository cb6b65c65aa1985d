/** Streams and their batons: each stream owns one connection; batons are single-use and expire when idle. */
import { randomBytes } from 'node:crypto';
import { ProtocolError, StreamExpiredError } from './errors';
import { SqlConnection } from './execution';

/** Expired batons are remembered this long so clients get "stream expired" instead of "invalid baton". */
const EXPIRED_STREAM_MEMORY_MS = 300_000;

export interface HranaStream {
  readonly id: string;
  /** Undefined once the client sent `close`. */
  conn: SqlConnection | undefined;
  readonly sqls: Map<number, string>;
  /** Sequence number expected in the next baton; batons are single-use, as in sqld. */
  seq: number;
  acquired: boolean;
  expiry: NodeJS.Timeout | undefined;
}

export class StreamRegistry {
  readonly #streams = new Map<string, HranaStream>();
  readonly #expired = new Map<string, number>();

  constructor(
    readonly dbPath: string,
    readonly idleTimeoutMs: number,
  ) {}

  acquire(baton: string | undefined): HranaStream {
    if (baton === undefined) {
      const stream: HranaStream = {
        id: randomBytes(16).toString('base64url'),
        conn: new SqlConnection(this.dbPath),
        sqls: new Map(),
        seq: randomBytes(4).readUInt32BE(),
        acquired: true,
        expiry: undefined,
      };
      this.#streams.set(stream.id, stream);
      return stream;
    }
    const separator = baton.lastIndexOf('.');
    const id = baton.slice(0, separator);
    const seq = Number(baton.slice(separator + 1));
    const stream = separator === -1 ? undefined : this.#streams.get(id);
    if (stream === undefined) {
      this.#forgetOldExpired();
      if (this.#expired.has(id)) throw new StreamExpiredError();
      throw new ProtocolError('Received an invalid baton', 'BATON_INVALID');
    }
    if (stream.acquired || stream.seq !== seq) {
      throw new ProtocolError('Received a baton that has already been used', 'BATON_REUSED');
    }
    clearTimeout(stream.expiry);
    stream.acquired = true;
    stream.seq += 1;
    return stream;
  }

  /** Makes the stream available again and returns its next baton, or null once it is closed. */
  release(stream: HranaStream): string | null {
    if (stream.conn === undefined) {
      this.#streams.delete(stream.id);
      return null;
    }
    stream.acquired = false;
    stream.expiry = setTimeout(() => this.#expire(stream), this.idleTimeoutMs);
    stream.expiry.unref();
    return `${stream.id}.${stream.seq}`;
  }

  /** Drops a stream after a failed request, as sqld does. */
  destroy(stream: HranaStream): void {
    clearTimeout(stream.expiry);
    stream.conn?.close();
    stream.conn = undefined;
    this.#streams.delete(stream.id);
  }

  closeAll(): void {
    for (const stream of this.#streams.values()) this.destroy(stream);
    this.#expired.clear();
  }

  #expire(stream: HranaStream): void {
    if (stream.acquired || this.#streams.get(stream.id) !== stream) return;
    this.destroy(stream);
    this.#forgetOldExpired();
    this.#expired.set(stream.id, Date.now());
  }

  #forgetOldExpired(): void {
    const cutoff = Date.now() - EXPIRED_STREAM_MEMORY_MS;
    for (const [id, expiredAt] of this.#expired) {
      if (expiredAt < cutoff) this.#expired.delete(id);
    }
  }
}

export function requireConn(stream: HranaStream): SqlConnection {
  if (stream.conn === undefined) throw new ProtocolError('Stream for this baton was closed', 'BATON_STREAM_CLOSED');
  return stream.conn;
}
