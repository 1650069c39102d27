import * as http from 'node:http';
import type { RunningCollector } from './collector-fixture';

/** Reads the collector's Prometheus endpoint. */
export function scrape(c: RunningCollector): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: c.handle.metricsPort, path: '/metrics' }, (res) => {
        let s = '';
        res.on('data', (d) => (s += d));
        res.on('end', () => resolve(s));
      })
      .on('error', reject);
  });
}

/** Reads one sample from /metrics; `sum` adds every labelled series of the metric. */
export async function metricValue(c: RunningCollector, series: string, sum = false): Promise<number> {
  const text = await scrape(c);
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, value] = [line.slice(0, line.lastIndexOf(' ')), line.slice(line.lastIndexOf(' ') + 1)];
    if (sum ? name === series || name.startsWith(`${series}{`) : name === series) total += Number(value);
  }
  return total;
}
