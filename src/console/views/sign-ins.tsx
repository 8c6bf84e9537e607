import type { SignInView } from '../sign-ins.js';

export function SignInsPanel({ items, error, issuer }: { items: SignInView[]; error?: string | undefined; issuer: string }) {
  return (
    <section class="panel">
      <h2>Sign-ins</h2>
      <p class="muted small">
        Users signing in to the org and to its apps through <span class="mono">{issuer}/v1/authorize</span> (hosted sign-in page, org session or
        sessionToken), newest first.
      </p>
      {error ? <p class="error">{error}</p> : null}
      {items.length === 0 && !error ? <p class="muted">No sign-ins yet.</p> : null}
      <table id="sign-ins">
        <thead>
          <tr>
            <th>When</th>
            <th>User</th>
            <th>Signed in to</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr data-kind={item.kind}>
              <td class="mono small">{item.published}</td>
              <td class="mono">{item.user}</td>
              <td>{item.app ?? 'the org (session)'}</td>
              <td>{item.ok ? 'success' : `failed${item.reason ? `: ${item.reason}` : ''}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
