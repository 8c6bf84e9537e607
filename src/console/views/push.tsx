import type { PendingPush } from '../../emulator/factors/push-routes.js';

/** The simulated phone: Okta Verify pushes waiting for an answer, with the buttons a phone would show. */
export function PushPanel({ items, error, base, csrf }: { items: PendingPush[]; error?: string | undefined; base: string; csrf: string }) {
  return (
    <section class="panel">
      <h2>Push (simulated phone)</h2>
      <p class="muted small">
        Okta Verify enrollments waiting for their QR code to be scanned, and sign-ins waiting for a push approval. Approving here is what
        the phone would do; the client polling the factor sees the answer.
      </p>
      {error ? <p class="error">{error}</p> : null}
      {items.length === 0 && !error ? <p class="muted">Nothing is waiting for the phone.</p> : null}
      <table id="push">
        <thead>
          <tr>
            <th>User</th>
            <th>Waiting for</th>
            <th>Expires</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr id={`push-${item.transactionId ?? item.factorId}`}>
              <td class="mono">{item.login}</td>
              <td>{item.kind === 'activation' ? 'enrollment (scan the QR code)' : 'sign-in approval'}</td>
              <td class="mono small">{item.expiresAt}</td>
              <td>
                {(['approve', 'reject'] as const)
                  .filter((action) => item.kind === 'challenge' || action === 'approve')
                  .map((action) => (
                    <form method="post" action={`${base}/push/${item.userId}/${item.factorId}/${action}`}>
                      <input type="hidden" name="_csrf" value={csrf} />
                      {item.transactionId ? <input type="hidden" name="transactionId" value={item.transactionId} /> : null}
                      <button type="submit" class={action === 'reject' ? 'danger' : undefined}>
                        {action === 'approve' ? (item.kind === 'activation' ? 'Scan' : 'Approve') : 'Reject'}
                      </button>
                    </form>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
