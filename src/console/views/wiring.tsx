import type { WiringRule, WiringView } from '../wiring.js';
import { Badge } from './layout.js';

function RuleHook({ rule }: { rule: WiringRule }) {
  const { hook } = rule;
  if (!hook) return <span class="muted">no hook: tokens are minted as drafted</span>;
  if ('missing' in hook) return <span class="error">names hook {hook.id}, which does not exist</span>;
  return (
    <span>
      calls <strong>{hook.name}</strong> <Badge value={hook.status} /> <span class="muted mono small">{hook.uri}</span>
      {hook.status !== 'ACTIVE' ? <span class="muted"> (inactive: not called)</span> : null}
    </span>
  );
}

/** Authorization servers -> access policies -> rules -> the token hook each rule calls. */
export function WiringPanel({ wiring }: { wiring: WiringView }) {
  return (
    <section class="panel wiring">
      <h2>
        Token hook wiring <span class="muted">{wiring.servers.length} authorization server(s)</span>
      </h2>
      {wiring.error ? <p class="error">{wiring.error}</p> : null}
      <p class="muted">A token hook fires only for requests whose first matching rule (by policy and rule priority) names it.</p>
      {wiring.servers.map((server) => (
        <div class="server" id={`server-${server.id}`}>
          <h3>
            {server.name} <Badge value={server.status} /> <span class="muted mono small">{server.issuer}</span>
          </h3>
          {server.policies.length === 0 ? <p class="muted">No access policy: every token request is denied.</p> : null}
          {server.policies.map((policy) => (
            <div class="policy" id={`policy-${policy.id}`}>
              <h4>
                {policy.priority}. {policy.name} <Badge value={policy.status} />
              </h4>
              <table>
                <thead>
                  <tr>
                    <th>Rule</th>
                    <th>Grant types</th>
                    <th>Scopes</th>
                    <th>Access token</th>
                    <th>Token hook</th>
                  </tr>
                </thead>
                <tbody>
                  {policy.rules.map((rule) => (
                    <tr id={`rule-${rule.id}`}>
                      <td>
                        {rule.priority}. {rule.name} <Badge value={rule.status} />
                      </td>
                      <td class="mono small">{rule.grantTypes.join(', ')}</td>
                      <td class="mono small">{rule.scopes.join(' ')}</td>
                      <td class="num">{rule.accessTokenLifetimeMinutes !== undefined ? `${rule.accessTokenLifetimeMinutes} min` : ''}</td>
                      <td>
                        <RuleHook rule={rule} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      ))}
      {wiring.unwired.length > 0 ? (
        <div class="unwired">
          <h3>Token hooks no rule names (they never fire)</h3>
          <ul>
            {wiring.unwired.map((hook) => (
              <li id={`unwired-${hook.id}`}>
                <strong>{hook.name}</strong> <Badge value={hook.status} /> <span class="muted mono small">{hook.uri}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
