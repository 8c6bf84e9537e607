/**
 * The hosted sign-in pages: plain HTML forms, no client framework. Every form carries the
 * transaction id; nothing else about the pending authorization request reaches the browser.
 */
import type { Child } from 'hono/jsx';

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;background:#f4f5f7;color:#1d1d21;margin:0}
main{max-width:360px;margin:8vh auto;background:#fff;border:1px solid #d7d9de;border-radius:6px;padding:28px 32px}
h1{font-size:20px;margin:0 0 4px}p.app{color:#5b5f6b;margin:0 0 18px}
label{display:block;margin:12px 0 4px;font-weight:600}
input{width:100%;box-sizing:border-box;padding:8px;border:1px solid #b9bcc4;border-radius:4px;font:inherit}
button{margin-top:18px;width:100%;padding:9px;border:0;border-radius:4px;background:#1662dd;color:#fff;font:inherit;cursor:pointer}
.error{background:#fdecea;border:1px solid #f5c2bd;color:#8a1c12;padding:8px 10px;border-radius:4px;margin:10px 0}
.links{margin-top:16px;font-size:14px}ul.factors{list-style:none;padding:0}ul.factors li{margin:6px 0}
code{background:#f0f1f3;padding:1px 4px;border-radius:3px}`;

function Page({ title, children, refreshTo }: { title: string; children?: Child; refreshTo?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        {refreshTo ? <meta http-equiv="refresh" content={`2;url=${refreshTo}`} /> : null}
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · gatehook local org`}</title>
        <link rel="icon" href="data:," />
        <style>{STYLE}</style>
      </head>
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}

/** What every form of a sign-in posts back: the transaction and its CSRF token. */
export interface TransactionProps {
  tx: string;
  csrf: string;
}

const TransactionFields = ({ tx, csrf }: TransactionProps) => (
  <>
    <input type="hidden" name="tx" value={tx} />
    <input type="hidden" name="_csrf" value={csrf} />
  </>
);

const Problem = ({ message }: { message?: string | undefined }) => (message ? <div class="error" role="alert">{message}</div> : null);

export function SignInPage(props: TransactionProps & { appName: string; username?: string | undefined; error?: string | undefined; registration: boolean }) {
  return (
    <Page title="Sign in">
      <h1>Sign In</h1>
      <p class="app">to {props.appName}</p>
      <Problem message={props.error} />
      <form method="post" action="/signin/password">
        <TransactionFields tx={props.tx} csrf={props.csrf} />
        <label for="username">Username</label>
        <input id="username" name="username" autocomplete="username" required value={props.username ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      {props.registration ? (
        <p class="links">
          Don't have an account? <a href={`/signin/register?tx=${encodeURIComponent(props.tx)}`}>Sign up</a>
        </p>
      ) : null}
    </Page>
  );
}

export interface FactorChoice {
  id: string;
  label: string;
}

export function FactorChoicePage(props: TransactionProps & { factors: FactorChoice[]; error?: string | undefined }) {
  return (
    <Page title="Verify it's you">
      <h1>Verify it's you</h1>
      <p class="app">Choose a security method.</p>
      <Problem message={props.error} />
      <ul class="factors">
        {props.factors.map((factor) => (
          <li>
            <form method="post" action="/signin/factor">
              <TransactionFields tx={props.tx} csrf={props.csrf} />
              <input type="hidden" name="factorId" value={factor.id} />
              <button type="submit">{factor.label}</button>
            </form>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function CodePage(props: TransactionProps & { prompt: string; error?: string | undefined }) {
  return (
    <Page title="Enter a code">
      <h1>Enter a code</h1>
      <p class="app">{props.prompt}</p>
      <Problem message={props.error} />
      <form method="post" action="/signin/verify">
        <TransactionFields tx={props.tx} csrf={props.csrf} />
        <label for="passCode">Code</label>
        <input id="passCode" name="passCode" inputmode="numeric" autocomplete="one-time-code" required />
        <button type="submit">Verify</button>
      </form>
    </Page>
  );
}

/** Waits for the phone: the page reloads itself every 2 s until the push is answered (no script needed). */
export function PushWaitPage(props: TransactionProps & { prompt: string }) {
  const again = `/signin/push?tx=${encodeURIComponent(props.tx)}`;
  return (
    <Page title="Approve the push" refreshTo={again}>
      <h1>Check your phone</h1>
      <p class="app">{props.prompt}</p>
      <p class="muted">This page moves on by itself once you answer. In the local org, answer from the console's Push page.</p>
      <a href={again}>Check again</a>
    </Page>
  );
}

export function ChangePasswordPage(props: TransactionProps & { requirements: string; error?: string | undefined }) {
  return (
    <Page title="Change your password">
      <h1>Your password has expired</h1>
      <p class="app">{props.requirements}</p>
      <Problem message={props.error} />
      <form method="post" action="/signin/password/change">
        <TransactionFields tx={props.tx} csrf={props.csrf} />
        <label for="newPassword">New password</label>
        <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required />
        <label for="confirmPassword">Re-enter password</label>
        <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required />
        <button type="submit">Change password</button>
      </form>
    </Page>
  );
}

export function RegistrationPage(props: TransactionProps & { values: Record<string, string>; errors?: string[] | undefined }) {
  const field = (name: string, label: string, type = 'text') => (
    <>
      <label for={name}>{label}</label>
      <input id={name} name={name} type={type} required value={type === 'password' ? '' : (props.values[name] ?? '')} />
    </>
  );
  return (
    <Page title="Sign up">
      <h1>Sign up</h1>
      {(props.errors ?? []).map((message) => (
        <Problem message={message} />
      ))}
      <form method="post" action="/signin/register">
        <TransactionFields tx={props.tx} csrf={props.csrf} />
        {field('email', 'Email', 'email')}
        {field('firstName', 'First name')}
        {field('lastName', 'Last name')}
        {field('password', 'Password', 'password')}
        <button type="submit">Sign up</button>
      </form>
      <p class="links">
        <a href={`/signin?tx=${encodeURIComponent(props.tx)}`}>Back to sign in</a>
      </p>
    </Page>
  );
}

export function ErrorPage(props: { code: string; description: string }) {
  return (
    <Page title="Error">
      <h1>Something went wrong</h1>
      <div class="error" role="alert">
        <p>
          <code>{props.code}</code>
        </p>
        <p id="error-description">{props.description}</p>
      </div>
    </Page>
  );
}

export function SignedOutPage() {
  return (
    <Page title="Signed out">
      <h1>Signed out</h1>
      <p>You have been signed out of the local org.</p>
    </Page>
  );
}

/** response_mode=form_post: the browser posts the response to the app; the button is for browsers without scripts. */
export function FormPostPage(props: { action: string; params: Record<string, string> }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Submit this form</title>
      </head>
      <body>
        <form method="post" action={props.action}>
          {Object.entries(props.params).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <noscript>
            <button type="submit">Continue</button>
          </noscript>
        </form>
        <script dangerouslySetInnerHTML={{ __html: 'document.forms[0].submit();' }} />
      </body>
    </html>
  );
}
