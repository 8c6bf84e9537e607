/**
 * The files `gatehook init` writes from code rather than copying from examples/: the ones that name the
 * project or the versions it installs.
 */
import type { GatehookManifest } from './package-root.js';

/** What the project installs besides gatehook, at the versions gatehook itself is tested with. */
const DEV_TOOLS = ['@types/aws-lambda', '@types/node', 'aws-cdk', 'aws-cdk-lib', 'constructs', 'tsx', 'typescript', 'vitest'] as const;

function caret(version: string | undefined, name: string): string {
  if (!version) throw new Error(`gatehook's package.json has no version of ${name}`);
  return /^\d/.test(version) ? `^${version}` : version;
}

export function projectPackageJson(name: string, gatehookSpec: string, manifest: GatehookManifest): string {
  const known = { ...manifest.peerDependencies, ...manifest.dependencies, ...manifest.devDependencies };
  const devDependencies = Object.fromEntries(DEV_TOOLS.map((tool) => [tool, caret(known[tool], tool)]));
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=24' },
    scripts: {
      dev: 'gatehook dev --app src/app.ts',
      test: 'vitest run',
      typecheck: 'tsc --noEmit',
      synth: 'cdk synth --quiet',
      deploy: 'cdk deploy --all',
    },
    dependencies: { gatehook: gatehookSpec },
    devDependencies,
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function projectTsconfig(): string {
  const config = {
    compilerOptions: {
      target: 'ES2024',
      lib: ['ES2024'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      types: ['node'],
      noEmit: true,
    },
    include: ['src', 'test', 'cdk'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function projectReadme(name: string): string {
  return `# ${name}

Okta inline hooks and an event hook, written with [gatehook](https://www.npmjs.com/package/gatehook).

\`\`\`sh
npm install
npm test        # the hooks' tests (vitest, gatehook/testing)
npm run dev     # the hooks on http://127.0.0.1:8787/hooks/<type>, a local Okta org on :8788
\`\`\`

\`npm run dev\` prints a ready \`curl\` line and reloads the hooks when you edit them; the local org calls them
the way Okta does (sign in with the printed demo user to see the token hook change a token). The console of
the local org is at http://127.0.0.1:8788/_console.

| Where | What |
|---|---|
| \`src/hooks/<type>.ts\` | one hook per file: token, registration, password-import, user-import, saml, telephony |
| \`src/events.ts\` | the event hook's handlers |
| \`src/app.ts\` | what \`gatehook dev\` serves (\`hooks\` and \`events\`) |
| \`src/lambda/\` | one Lambda entry per hook, and the event hook's receiver and worker |
| \`test/\` | a test per hook, with \`callHook\`, \`callEventHook\` and \`startTestOrg\` from \`gatehook/testing\` |
| \`cdk/app.ts\` | the CDK app: every hook as a Lambda behind a Function URL (\`npm run synth\`, \`npm run deploy\`) |

Other scripts: \`npm run typecheck\`, \`npm run synth\` (no AWS credentials needed), \`npm run deploy\`.
Remove the hooks you don't need from \`src/hooks/\`, \`src/app.ts\`, \`src/lambda/\`, \`test/\` and the list in
\`cdk/app.ts\`.
`;
}
