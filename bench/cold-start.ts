/**
 * Cold start: bundle size and the time from process start to the first answered request for each
 * hook's production Lambda bundle, interleaved with the FLOOR (bare Hono on hono/aws-lambda) and the
 * USUAL APPROACH (express + @okta/okta-sdk-nodejs + @okta/jwt-verifier, same bundling).
 * Run: `npx tsx bench/cold-start.ts [runs=11]`.
 *
 * Each sample is a fresh `node` process that imports the bundle and invokes `handler` once with a
 * function URL event. The headline time is measured by this (parent) process on one clock: from
 * spawn() to the child's answer line on stdout, so it includes exec and Node's own bootstrap like a
 * real cold start does. The child also reports performance.now() at the answer (time since its own
 * time origin) and import-to-answer, the part the bundle itself controls.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { SAMPLE_REQUESTS as sampleRequests } from '../src/handlers/samples.js';
import { bundle, type Bundle } from './lib/bundle.js';
import { functionUrlEvent, invokeOnceScript } from './lib/lambda-event.js';
import { childEnv, firstLine } from './lib/proc.js';
import { startSecretsStub } from './lib/secrets-stub.js';
import { fixed, interleave, kb, median, ratio, table } from './lib/stats.js';
import { reportSummary, verdict } from './lib/summary.js';

const runs = Math.max(3, Number(process.argv[2] ?? process.env.BENCH_COLD_RUNS ?? 11));
const secret = `Basic ${randomBytes(24).toString('base64')}`;

type HookName = keyof typeof sampleRequests;
interface Variant {
  label: string;
  entry: string;
  hook: HookName;
  /** 'env': HOOK_SECRET in the environment; 'secrets-manager': the production path via a loopback stub. */
  secret: 'env' | 'secrets-manager' | 'none';
  /** Extra environment: which secret-loading option the entry uses. */
  env?: Record<string, string>;
}

const FLOOR = 'floor: bare Hono (hono/aws-lambda)';
const OURS = 'gatehook token + SDK users client';
const USUAL = 'usual: express + okta-sdk + jwt-verifier';
const variants: Variant[] = [
  { label: FLOOR, entry: 'bench/fixtures/floor-lambda.ts', hook: 'token', secret: 'none' },
  { label: OURS, entry: 'bench/fixtures/token-users-lambda.ts', hook: 'token', secret: 'env' },
  { label: USUAL, entry: 'bench/fixtures/usual-lambda.ts', hook: 'token', secret: 'env' },
  ...(['token', 'registration', 'password-import', 'user-import', 'saml', 'telephony'] as const).map(
    (hook): Variant => ({ label: `examples/src/lambda/${hook}.ts (Secrets Manager)`, entry: `examples/src/lambda/${hook}.ts`, hook, secret: 'secrets-manager' }),
  ),
  // The secret-loading options side by side, on the token entry: the default (a signed request) is the row above.
  { label: 'token, secret via the Parameters and Secrets extension', entry: 'examples/src/lambda/token.ts', hook: 'token', secret: 'secrets-manager', env: { GATEHOOK_SECRETS_VIA: 'extension' } },
  { label: 'token, secret via the AWS SDK client', entry: 'bench/fixtures/token-sdk-lambda.ts', hook: 'token', secret: 'secrets-manager' },
];
const sizeOnly = ['events-receiver', 'events-worker'];

const stub = await startSecretsStub('gatehook/bench/hook-secret', secret);
try {
  const bundles = new Map<string, Bundle>();
  for (const v of variants) bundles.set(v.label, await bundle({ entry: v.entry, name: `cold-${v.label.replace(/\W+/g, '-')}` }));

  interface Sample { elapsedMs: number; sinceStartMs: number; importToAnswerMs: number }
  const failures = new Map<string, string>();
  const samples = await interleave(
    variants.map((v) => v.label),
    runs,
    async (label): Promise<Sample | undefined> => {
      if (failures.has(label)) return undefined;
      const v = variants.find((x) => x.label === label)!;
      const env = childEnv({
        BENCH_BUNDLE: pathToFileURL(bundles.get(label)!.file).href,
        BENCH_EVENT: JSON.stringify(functionUrlEvent(sampleRequests[v.hook](), secret)),
        ...(v.secret === 'env' ? { HOOK_SECRET: secret } : {}),
        ...(v.secret === 'secrets-manager' ? stub.env : {}),
        ...v.env,
        LOG_LEVEL: 'warn',
      });
      try {
        const { elapsedMs, line } = await firstLine(['--input-type=module', '-e', invokeOnceScript], env, 20_000, '"importToAnswerMs"');
        return { elapsedMs, ...(JSON.parse(line) as Omit<Sample, 'elapsedMs'>) };
      } catch (error) {
        failures.set(label, String((error as Error).message).split('\n')[0]!.slice(0, 200));
        return undefined;
      }
    },
  );

  const med = (label: string, key: keyof Sample) => median(samples[label]!.flatMap((s) => (s ? [s[key]] : [])));
  const floorMs = med(FLOOR, 'elapsedMs');
  const floorImport = med(FLOOR, 'importToAnswerMs');
  const rows = variants.map((v) => {
    const b = bundles.get(v.label)!;
    return [
      v.label,
      kb(b.bytes),
      kb(b.gzipBytes),
      fixed(med(v.label, 'elapsedMs')),
      ratio(med(v.label, 'elapsedMs'), floorMs),
      fixed(med(v.label, 'sinceStartMs')),
      fixed(med(v.label, 'importToAnswerMs')),
      ratio(med(v.label, 'importToAnswerMs'), floorImport),
    ];
  });
  for (const name of sizeOnly) {
    const b = await bundle({ entry: `examples/src/lambda/${name}.ts`, name: `cold-${name}` }).catch(() => undefined);
    rows.push([`examples/src/lambda/${name}.ts (size only)`, b ? kb(b.bytes) : 'build failed', b ? kb(b.gzipBytes) : '', '', '', '', '', '']);
  }
  console.log(`\nCold start: median of ${runs} fresh processes per bundle, interleaved (Node ${process.version}, minified ESM, @aws-sdk/* external)\n`);
  console.log(
    table(
      ['bundle', 'minified', 'gzipped', 'spawn→answer ms', '× floor', 'node start→answer ms', 'import→answer ms', '× floor'],
      rows,
    ),
  );
  for (const [label, message] of failures) console.log(`\nFAILED ${label}: ${message}`);
  console.log(`\nWhere the bytes of "${OURS}" come from: ${byOrigin(bundles.get(OURS)!).join(', ')}`);

  const ours = bundles.get(OURS)!;
  const oursMs = med(OURS, 'elapsedMs');
  const usualMs = med(USUAL, 'elapsedMs');
  reportSummary([
    { figure: 'cold start', measure: 'token+users bundle, minified', ours: kb(ours.bytes), reference: '≤ 100 KB', ratio: '', target: '≤ 100 KB', verdict: verdict(ours.bytes <= 100 * 1024) },
    { figure: 'cold start', measure: 'token+users spawn→answer', ours: `${fixed(oursMs)} ms`, reference: `floor ${fixed(floorMs)} ms`, ratio: ratio(oursMs, floorMs), target: '≤ 1.5× floor', verdict: verdict(oursMs <= 1.5 * floorMs) },
    { figure: 'cold start', measure: 'usual approach spawn→answer', ours: `${fixed(usualMs)} ms`, reference: `floor ${fixed(floorMs)} ms`, ratio: ratio(usualMs, floorMs), target: 'far behind', verdict: 'info' },
    { figure: 'cold start', measure: 'usual approach bundle, minified', ours: kb(bundles.get(USUAL)!.bytes), reference: `ours ${kb(ours.bytes)}`, ratio: ratio(bundles.get(USUAL)!.bytes, ours.bytes), target: '', verdict: 'info' },
  ]);
} finally {
  await stub.close();
}

/** Minified bytes per package or src/ folder, largest first. */
function byOrigin(b: Bundle): string[] {
  const groups = new Map<string, number>();
  for (const { path, bytes } of b.inputs) {
    const origin = path.replace(/^node_modules\/((@[^/]+\/)?[^/]+).*/, '$1').replace(/^(src\/[^/]+|examples|bench)\/.*/, '$1');
    groups.set(origin, (groups.get(origin) ?? 0) + bytes);
  }
  return [...groups].sort((x, y) => y[1] - x[1]).map(([origin, bytes]) => `${origin} ${kb(bytes)}`);
}
