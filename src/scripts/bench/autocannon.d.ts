// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
    /** Stop after this many requests instead of after `duration`. */
    amount?: number;
    /** Called with each connection's client; its `response` event gives each response's time in (fractional) ms. */
    setupClient?(client: { on(event: 'response', listener: (status: number, bytes: number, responseTime: number) => void): void }): void;
    /** Requests in turn per connection; `setupRequest` may change each before it is sent. */
    requests?: { setupRequest?(request: { body?: string; [key: string]: unknown }): { body?: string; [key: string]: unknown } }[];
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    /** Requests sent (on `requests`). */
    sent: number;
    /** Responses received (on `requests`). */
    total: number;
  }
  interface Result {
    requests: Histogram;
    /** Seconds the run lasted. */
    duration: number;
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
