/**
 * The console's only script: submits action forms without a page reload, keeps the timeline live
 * over Server-Sent Events, and drives the playground. Every fragment it inserts was rendered (and
 * escaped) by the server; this file never builds HTML from data.
 */
const meta = (name: string): string => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
const base = meta('gatehook-base');
const csrf = meta('gatehook-csrf');

interface ActionAnswer {
  ok: boolean;
  message: string;
  /** Replacement HTML for the element with id `replace`. */
  html?: string;
  replace?: string;
}

function flash(message: string, isError = false): void {
  const box = document.getElementById('flash');
  if (!box) return;
  const note = document.createElement('div');
  note.className = isError ? 'note error' : 'note';
  note.textContent = message;
  box.append(note);
  setTimeout(() => note.remove(), 4000);
}

async function post(url: string, body: URLSearchParams): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'x-csrf-token': csrf, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body,
    credentials: 'same-origin',
  });
}

function fragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

function wireActions(): void {
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.action === undefined) return;
    event.preventDefault();
    const button = form.querySelector('button');
    button?.setAttribute('disabled', '');
    try {
      const response = await post(form.action, new URLSearchParams(new FormData(form) as unknown as Record<string, string>));
      const answer = (await response.json()) as ActionAnswer;
      flash(answer.message, !answer.ok);
      const target = answer.replace ? document.getElementById(answer.replace) : null;
      if (target && answer.html !== undefined) {
        if (answer.html === '') target.remove();
        else target.replaceWith(fragment(answer.html));
      }
    } catch {
      flash('The console did not answer.', true);
    } finally {
      button?.removeAttribute('disabled');
    }
  });
}

function wireTimeline(): void {
  const list = document.getElementById('timeline');
  if (!list) return;
  const state = document.getElementById('live-state');
  const hooksOnly = document.getElementById('hooks-only') as HTMLInputElement | null;
  hooksOnly?.addEventListener('change', () => list.classList.toggle('hooks-only', hooksOnly.checked));
  const source = new EventSource(`${base}/stream`);
  source.addEventListener('open', () => {
    if (state) state.textContent = '● live';
  });
  source.addEventListener('error', () => {
    if (state) state.textContent = 'reconnecting…';
  });
  source.addEventListener('item', (message) => {
    const entry = fragment((message as MessageEvent<string>).data).firstElementChild;
    if (!entry) return;
    const id = entry.getAttribute('data-id');
    if (id && list.querySelector(`[data-id="${CSS.escape(id)}"]`)) return;
    entry.classList.add('fresh');
    list.prepend(entry);
    while (list.children.length > 200) list.lastElementChild?.remove();
  });
}

function wirePlayground(): void {
  const form = document.getElementById('playground') as HTMLFormElement | null;
  if (!form) return;
  const result = document.getElementById('pg-result');
  const type = document.getElementById('pg-type') as HTMLSelectElement;
  const body = document.getElementById('pg-body') as HTMLTextAreaElement;
  const url = document.getElementById('pg-url') as HTMLInputElement;
  const show = async (response: Response) => {
    const answer = (await response.json()) as ActionAnswer;
    if (result) result.replaceChildren(fragment(answer.html ?? ''));
    if (!answer.ok) flash(answer.message, true);
  };
  const formData = () => new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
  const loadSample = async () => {
    const response = await fetch(`${base}/playground/sample?type=${encodeURIComponent(type.value)}`, { headers: { accept: 'application/json' } });
    const sample = (await response.json()) as { body: string; url: string };
    body.value = sample.body;
    if (sample.url) url.value = sample.url;
    result?.replaceChildren();
  };
  type.addEventListener('change', loadSample);
  document.getElementById('pg-reset')?.addEventListener('click', loadSample);
  document.getElementById('pg-validate')?.addEventListener('click', async () => show(await post(`${base}/playground/validate`, formData())));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const send = document.getElementById('pg-send');
    send?.setAttribute('disabled', '');
    try {
      await show(await post(form.action, formData()));
    } finally {
      send?.removeAttribute('disabled');
    }
  });
}

wireActions();
wireTimeline();
wirePlayground();
