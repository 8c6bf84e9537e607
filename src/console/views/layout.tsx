import type { Child } from 'hono/jsx';

export type Section = 'org' | 'playground' | 'log' | 'outbox' | 'wiring' | 'calls' | 'sign-ins' | 'push';

export interface PageProps {
  base: string;
  csrf: string;
  title: string;
  active: Section;
  children?: Child;
}

const NAV: [Section, string, string][] = [
  ['org', 'Org & hooks', ''],
  ['playground', 'Playground', '/playground'],
  ['log', 'System Log', '/log'],
  ['outbox', 'Outbox', '/outbox'],
  ['wiring', 'Token wiring', '/wiring'],
  ['calls', 'Hook calls', '/calls'],
  ['sign-ins', 'Sign-ins', '/sign-ins'],
  ['push', 'Push', '/push'],
];

/** Every page: header, navigation, and the two meta tags the client script reads (base path, CSRF token). */
export function Layout({ base, csrf, title, active, children }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="gatehook-base" content={base} />
        <meta name="gatehook-csrf" content={csrf} />
        <title>{`${title} · gatehook console`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={`${base}/assets/console.css`} />
        <script type="module" src={`${base}/assets/console.js`}></script>
      </head>
      <body>
        <header class="top">
          <span class="brand">
            gatehook <small>local org console</small>
          </span>
          <nav>
            {NAV.map(([section, label, path]) => (
              <a href={`${base}${path}`} class={section === active ? 'active' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          <form method="post" action={`${base}/logout`} class="logout">
            <input type="hidden" name="_csrf" value={csrf} />
            <button type="submit" class="link">
              Sign out
            </button>
          </form>
        </header>
        <div id="flash" role="status" aria-live="polite"></div>
        <main>{children}</main>
      </body>
    </html>
  );
}

export function LoginPage({ base, failed, tokenInUrl }: { base: string; failed?: boolean; tokenInUrl?: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Sign in · gatehook console</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={`${base}/assets/console.css`} />
      </head>
      <body class="login">
        <form method="post" action={`${base}/login`} class="card">
          <h1>gatehook console</h1>
          <p>Paste the emulator's development API token (printed at start-up as OKTA_API_TOKEN).</p>
          {failed ? <p class="error">That token is not accepted by this org.</p> : null}
          {tokenInUrl ? (
            <p class="error">The token is not accepted in the address (it would stay in the browser's history). Paste it here instead.</p>
          ) : null}
          <input type="password" name="token" autocomplete="off" required aria-label="Development token" />
          <button type="submit">Sign in</button>
        </form>
      </body>
    </html>
  );
}

/** Pretty-printed JSON in a collapsible block; the value must already be redacted. */
export function Json({ value, summary, open }: { value: unknown; summary: string; open?: boolean }) {
  return (
    <details class="json" open={open}>
      <summary>{summary}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export function Badge({ value, tone }: { value: string; tone?: string }) {
  return <span class={`badge ${tone ?? value.toLowerCase().replace(/[^a-z]+/g, '-')}`}>{value}</span>;
}
