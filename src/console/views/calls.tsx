import type { OutcomeCount } from '../../middleware/metrics/index.js';

/** The hook server's calls by hook type and outcome: what the Lambda functions report to CloudWatch, counted locally. */
export function CallsPanel({ calls }: { calls: readonly OutcomeCount[] | undefined }) {
  return (
    <section class="panel calls">
      <h2>Hook calls</h2>
      {calls === undefined ? (
        <p class="muted">Shown when the console runs inside <code>gatehook dev</code>, which counts the calls its hook server answers.</p>
      ) : calls.length === 0 ? (
        <p class="muted">No hook calls yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>hook</th>
              <th>outcome</th>
              <th>calls</th>
              <th>slowest (ms)</th>
              <th>reasons</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((row) => (
              <tr class={`outcome-${row.outcome}`}>
                <td>{row.hookType}</td>
                <td>{row.outcome}</td>
                <td>{row.count}</td>
                <td>{row.maxMs}</td>
                <td class="mono small">{Object.entries(row.reasons).map(([reason, count]) => `${reason} ${count}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
