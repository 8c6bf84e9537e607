import { serveNode } from '../../src/runtime/node.js';
import { createProbe, HOOK_TYPES, probedApp, SAMPLES, SECRET, sleep } from './helpers.js';
const probe = createProbe();
const running = await serveNode(probedApp(probe, { deadlineMs: 1000 }), { port: 0 });
for (const slow of [0, 5000]) {
  probe.behaviour = (_t, ctx) => slow ? sleep(slow, ctx.signal) : undefined;
  const bodies = Array.from({ length: 240 }, (_, i) => JSON.stringify(SAMPLES[HOOK_TYPES[i % 6]!]()));
  const t0 = performance.now();
  const times = await Promise.all(bodies.map(async (body, i) => {
    const s = performance.now();
    const r = await fetch(`${running.url}/hooks/${HOOK_TYPES[i % 6]}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: SECRET }, body });
    await r.text();
    return [s - t0, performance.now() - s];
  }));
  const e = times.map(t => t[1]).sort((a, b) => a - b);
  console.log('slow', slow, 'start spread', Math.max(...times.map(t=>t[0])).toFixed(0), 'p50', e[120]!.toFixed(0), 'max', e[239]!.toFixed(0));
}
await running.close();
