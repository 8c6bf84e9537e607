import { createRequire } from 'node:module';
import { quantile } from './stats.js';

/** The slice of autocannon's programmatic API the benches use (it ships no types). */
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
}
interface AutocannonResult {
  requests: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationSec: number;
  /** Requests per second across all connections; unset means as fast as the server answers. */
  rate?: number;
  /** Per-request timeout in seconds (autocannon's default is 10). */
  timeoutSec?: number;
}

export interface LoadResult {
  requestsPerSec: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers by status code. */
  statuses: Record<number, number>;
  errors: number;
  timeouts: number;
}

/**
 * Drives `url` with autocannon from this process (the server runs in another). Latencies come from
 * each response's own hrtime duration, not autocannon's whole-millisecond histogram, so sub-ms
 * percentiles stay visible; they are raw (no coordinated-omission correction).
 */
export function load(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statuses: Record<number, number> = {};
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: options.headers,
        body: options.body,
        connections: options.connections,
        duration: options.durationSec,
        pipelining: 1,
        timeout: options.timeoutSec ?? 10,
        ...(options.rate ? { overallRate: options.rate } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          requestsPerSec: latencies.length / result.duration,
          p50: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          max: latencies.reduce((a, b) => Math.max(a, b), 0),
          statuses,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}
