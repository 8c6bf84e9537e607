import type { ValidationIssue } from '../../handlers/core/types.js';
import { HOOK_TYPES, type HookTypeInfo } from '../hook-types.js';
import type { PlaygroundResult } from '../playground.js';
import { DurationBar } from './timeline.js';
import { Badge, Json } from './layout.js';

export interface PlaygroundProps {
  base: string;
  csrf: string;
  selected: HookTypeInfo;
  sample: string;
  defaultUrl: string;
  /** Registered inline hooks of any type: sending to one uses its stored URL and credential. */
  registered: { id: string; name: string; type: string }[];
  hasDefaultAuth: boolean;
}

export function PlaygroundPanel(props: PlaygroundProps) {
  const { base, csrf, selected } = props;
  return (
    <section class="panel playground">
      <h2>Fire a hook by hand</h2>
      <form id="playground" method="post" action={`${base}/playground/send`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <div class="grid">
          <label>
            Hook type
            <select name="type" id="pg-type">
              {HOOK_TYPES.map((info) => (
                <option value={info.type} selected={info.type === selected.type}>
                  {info.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Send to
            <select name="target" id="pg-target">
              <option value="url">the URL below</option>
              {props.registered.map((hook) => (
                <option value={`hook:${hook.id}`}>
                  registered hook “{hook.name}” ({hook.type})
                </option>
              ))}
            </select>
          </label>
          <label class="wide">
            Hook URL
            <input type="url" name="url" id="pg-url" value={props.defaultUrl} />
          </label>
          <label>
            Auth
            <select name="auth" id="pg-auth">
              {props.hasDefaultAuth ? <option value="default">configured secret (HOOK_SECRET)</option> : null}
              <option value="secret">shared secret header</option>
              <option value="bearer">bearer token</option>
              <option value="none">none</option>
            </select>
          </label>
          <label>
            Header
            <input type="text" name="header" value="Authorization" />
          </label>
          <label class="wide">
            Secret or token (sent, never shown again)
            <input type="password" name="secret" autocomplete="off" />
          </label>
        </div>
        <label class="wide">
          <span>
            Request body (from <code>sampleRequest()</code>; edit freely)
          </span>
          <textarea name="body" id="pg-body" rows={18} spellcheck={false}>
            {props.sample}
          </textarea>
        </label>
        <div class="buttons">
          <button type="button" id="pg-validate">
            Validate
          </button>
          <button type="submit" id="pg-send" class="primary">
            Send
          </button>
          <button type="button" id="pg-reset">
            New sample
          </button>
        </div>
      </form>
      <div id="pg-result"></div>
    </section>
  );
}

export function IssuesView({ issues }: { issues: ValidationIssue[] }) {
  if (issues.length === 0) return <p class="ok">The request matches the hook type's schema.</p>;
  return (
    <div class="issues">
      <p class="error">The request does not match the hook type's schema:</p>
      <ul>
        {issues.map((issue) => (
          <li>
            <code>{issue.location}</code> {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ResultView({ result, response }: { result: PlaygroundResult; response: unknown }) {
  const { call, verdict } = result;
  return (
    <div class="result" id="pg-verdict" data-honoured={verdict ? String(verdict.honoured) : 'none'}>
      <div class="row">
        {call.ok ? <Badge value={`HTTP ${call.status}`} tone="success" /> : <Badge value={call.failure} tone="error" />}
        <DurationBar ms={call.durationMs} />
        <span class="muted small">{call.attempts} attempt(s)</span>
      </div>
      {!call.ok ? <p class="error">The call failed: {call.message}. Okta applies the type's failure policy.</p> : null}
      {verdict ? (
        <p class={verdict.honoured ? 'ok verdict' : 'error verdict'}>
          <strong>{verdict.honoured ? 'Contract honoured' : 'Contract broken'}:</strong> {verdict.summary}
        </p>
      ) : null}
      {result.commands.length ? (
        <table class="commands">
          <thead>
            <tr>
              <th>#</th>
              <th>Command</th>
              <th>Okta's reading on its own</th>
            </tr>
          </thead>
          <tbody>
            {result.commands.map((command) => (
              <tr class={command.verdict.honoured ? 'ok' : 'error'}>
                <td>{command.index}</td>
                <td>
                  <code>{command.type}</code>
                </td>
                <td>{command.verdict.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {call.ok ? <Json value={response ?? '(empty 204)'} summary="response body" open /> : null}
    </div>
  );
}
