/**
 * A browser without a browser for the sign-in page tests: a cookie jar, redirects followed by hand
 * (so the test sees where the org sends it), and the page's own forms posted with their hidden
 * fields. Chromium runs the same page in spa-browser.test.ts.
 */
export interface Answer {
  status: number;
  url: string;
  location?: string;
  html: string;
}

export class FormBrowser {
  readonly cookies = new Map<string, string>();
  /** Sent as `Origin` with every post (a real browser's is the page's origin). */
  origin: string | undefined;

  constructor(origin?: string) {
    this.origin = origin;
  }

  async request(url: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((attribute) => /max-age=0|expires=thu, 01 jan 1970/i.test(attribute.trim()));
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.trim());
    }
    const location = response.headers.get('location');
    return { status: response.status, url, ...(location ? { location: new URL(location, url).toString() } : {}), html: await response.text() };
  }

  /** GETs `url` and follows redirects while they stay on `within` (the org); returns the last answer. */
  async visit(url: string, within: string): Promise<Answer> {
    let answer = await this.request(url);
    while (answer.location?.startsWith(within)) answer = await this.request(answer.location);
    return answer;
  }

  /** Posts the page's form whose action is `action`, its hidden fields plus `fields`. */
  async submit(page: Answer, action: string, fields: Record<string, string> = {}, within = new URL(page.url).origin): Promise<Answer> {
    const form = formsOf(page.html).find((candidate) => candidate.action === action);
    if (!form) throw new Error(`no form posting to ${action} on ${page.url}:\n${page.html}`);
    const body = new URLSearchParams({ ...form.hidden, ...fields });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.origin) headers.origin = this.origin;
    let answer = await this.request(new URL(action, page.url).toString(), { method: 'POST', headers, body });
    while (answer.location?.startsWith(within)) answer = await this.request(answer.location);
    return answer;
  }
}

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function formsOf(html: string): { action: string; hidden: Record<string, string> }[] {
  return [...html.matchAll(/<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/g)].map(([, action = '', inner = '']) => ({
    action: unescape(action),
    hidden: Object.fromEntries([...inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(([, name = '', value = '']) => [name, unescape(value)])),
  }));
}
