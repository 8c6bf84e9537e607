import { Badge } from './layout.js';

export interface UserView {
  id: string;
  login: string;
  name: string;
  status: string;
  factors: string[];
  groups: string[];
  sessions: number;
  /** Lifecycle link names the API offers for this user's status (`_links`). */
  allowed: ReadonlySet<string>;
}

/** Console action -> the user's `_links` name that says the API allows it (delete is always offered). */
export const USER_ACTIONS: { action: string; label: string; link?: string; danger?: boolean }[] = [
  { action: 'activate', label: 'Activate', link: 'activate' },
  { action: 'deactivate', label: 'Deactivate', link: 'deactivate', danger: true },
  { action: 'suspend', label: 'Suspend', link: 'suspend' },
  { action: 'unsuspend', label: 'Unsuspend', link: 'unsuspend' },
  { action: 'unlock', label: 'Unlock', link: 'unlock' },
  { action: 'reset_password', label: 'Reset password', link: 'resetPassword' },
  { action: 'expire_password', label: 'Expire password', link: 'expirePassword' },
  { action: 'delete', label: 'Delete', danger: true },
];

export function UserRow({ user, base, csrf }: { user: UserView; base: string; csrf: string }) {
  return (
    <tr id={`user-${user.id}`} data-user-id={user.id}>
      <td>
        <strong>{user.name}</strong>
        <div class="muted mono">{user.login}</div>
        <div class="muted mono small">{user.id}</div>
      </td>
      <td>
        <Badge value={user.status} />
      </td>
      <td>{user.factors.length ? user.factors.join(', ') : <span class="muted">none</span>}</td>
      <td>{user.groups.length ? user.groups.join(', ') : <span class="muted">none</span>}</td>
      <td class="num">{user.sessions}</td>
      <td>
        <div class="actions">
          {USER_ACTIONS.filter((a) => a.link === undefined || user.allowed.has(a.link)).map((a) => (
            <form method="post" action={`${base}/users/${user.id}/${a.action}`} data-action="user">
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class={a.danger ? 'danger' : undefined} data-label={a.label}>
                {a.label}
              </button>
            </form>
          ))}
        </div>
      </td>
    </tr>
  );
}

export function UsersTable({ users, base, csrf, error }: { users: UserView[]; base: string; csrf: string; error?: string | undefined }) {
  return (
    <section class="panel">
      <h2>
        Users <span class="muted">{users.length}</span>
      </h2>
      {error ? <p class="error">{error}</p> : null}
      <table class="users">
        <thead>
          <tr>
            <th>User</th>
            <th>Status</th>
            <th>Factors</th>
            <th>Groups</th>
            <th>Sessions</th>
            <th>Lifecycle</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow user={user} base={base} csrf={csrf} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

export interface HookView {
  id: string;
  kind: 'inline' | 'event';
  name: string;
  type: string;
  status: string;
  verification?: string;
  uri: string;
  /** Name of the auth header only; the value is write-only and never reaches the console. */
  authHeader?: string;
  events?: string[];
  /** The event hook's filter conditions, one per filtered event type. */
  filters?: { event: string; expression: string }[];
}

export function HooksPanel({ hooks, base, csrf, canReplay }: { hooks: HookView[]; base: string; csrf: string; canReplay: boolean }) {
  return (
    <section class="panel">
      <h2>
        Hooks <span class="muted">{hooks.length}</span>
      </h2>
      {hooks.length === 0 ? <p class="muted">No inline or event hooks are registered with this org yet.</p> : null}
      <ul class="hooks">
        {hooks.map((hook) => (
          <HookItem hook={hook} base={base} csrf={csrf} />
        ))}
      </ul>
      {canReplay ? (
        <form method="post" action={`${base}/dead-letters/replay`} data-action="hook">
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit">Replay dead-lettered events</button>
        </form>
      ) : null}
    </section>
  );
}

export function HookItem({ hook, base, csrf }: { hook: HookView; base: string; csrf: string }) {
  return (
    <li id={`hook-${hook.id}`}>
      <div class="row">
        <strong>{hook.name}</strong>
        <span class="badge kind">{hook.kind === 'inline' ? hook.type : 'event hook'}</span>
        <Badge value={hook.status} />
        {hook.verification ? <Badge value={hook.verification} /> : null}
      </div>
      <div class="muted mono small">
        {hook.uri}
        {hook.authHeader ? ` · auth header ${hook.authHeader}: ••••` : ' · no auth header'}
      </div>
      {hook.events ? <div class="small">events: {hook.events.join(', ')}</div> : null}
      {hook.filters?.map((filter) => (
        <div class="small">
          filter on {filter.event}: <code>{filter.expression}</code>
        </div>
      ))}
      {hook.kind === 'event' && hook.verification !== 'VERIFIED' ? (
        <form method="post" action={`${base}/hooks/event/${hook.id}/verify`} data-action="hook">
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit">Verify</button>
        </form>
      ) : null}
    </li>
  );
}
