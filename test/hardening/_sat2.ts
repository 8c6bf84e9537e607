import { createProbe, HOOK_TYPES, probedApp, SAMPLES, SECRET } from './helpers.js';
const probe = createProbe();
const app = probedApp(probe, { deadlineMs: 1000 });
const bodies = Array.from({ length: 240 }, (_, i) => JSON.stringify(SAMPLES[HOOK_TYPES[i % 6]!]()));
for (let round = 0; round < 3; round++) {
const t0 = performance.now();
for (const [i, body] of bodies.entries()) {
  const r = await app.request(`/hooks/${HOOK_TYPES[i % 6]}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: SECRET }, body });
  await r.text();
}
console.log('in-process 240 sequential', (performance.now() - t0).toFixed(0));
}
const def = probedApp(createProbe());
