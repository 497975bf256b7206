/// <reference lib="dom" />

/**
 * The dashboard's browser code. The service ships as one bundle with no
 * static files, so /dashboard/app.js is this function's own source: it must
 * stay self-contained (no imports, no names from outside it).
 *
 * It asks for the API token once per tab (sessionStorage), fetches the
 * server-rendered, escaped views with `Authorization: Bearer`, and sends
 * nothing but GET requests.
 */
export function dashboardClient(): void {
  const TOKEN_KEY = 'tidemark-dashboard-token';
  const REFRESH_MS = 30_000;
  const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const content = element<HTMLElement>('content');
  const login = element<HTMLFormElement>('login');
  const tokenInput = element<HTMLInputElement>('token');
  const loginMessage = element<HTMLElement>('login-message');
  const refreshed = element<HTMLElement>('refreshed');
  const forget = element<HTMLButtonElement>('forget');

  /** `#/table?pipeline=p&table=t` → that table's view; anything else → the list. */
  function viewPath(): string {
    const hash = location.hash.replace(/^#/, '');
    const question = hash.indexOf('?');
    const route = question < 0 ? hash : hash.slice(0, question);
    if (route !== '/table') return 'dashboard/views/tables';
    const asked = new URLSearchParams(question < 0 ? '' : hash.slice(question + 1));
    const query = new URLSearchParams({ pipeline: asked.get('pipeline') ?? '', table: asked.get('table') ?? '' });
    return `dashboard/views/table?${query}`;
  }

  function askForToken(message: string): void {
    content.replaceChildren();
    refreshed.textContent = '';
    forget.hidden = true;
    login.hidden = false;
    loginMessage.textContent = message;
    tokenInput.focus();
  }

  function showError(message: string): void {
    const box = document.createElement('p');
    box.className = 'error-box';
    box.textContent = message;
    content.replaceChildren(box);
  }

  async function errorMessage(response: Response): Promise<string> {
    try {
      const body = await response.json();
      return Array.isArray(body.message) ? body.message.join('; ') : String(body.message);
    } catch {
      return `the watermark service answered ${response.status}`;
    }
  }

  async function show(): Promise<void> {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return askForToken('');
    login.hidden = true;
    forget.hidden = false;
    let response: Response;
    try {
      response = await fetch(viewPath(), { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    } catch (error) {
      return showError(`cannot reach the watermark service: ${(error as Error).message}`);
    }
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      return askForToken(`The service refused the token: ${await errorMessage(response)}`);
    }
    if (!response.ok) return showError(await errorMessage(response));
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) {
      return showError('the watermark service did not answer with a dashboard view');
    }
    // The server escaped every stored value in this markup (safe-html.ts).
    content.innerHTML = await response.text();
    refreshed.textContent = `updated ${new Date().toISOString().slice(11, 19)} UTC`;
  }

  login.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    if (token === '') return;
    sessionStorage.setItem(TOKEN_KEY, token);
    tokenInput.value = '';
    void show();
  });
  forget.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    askForToken('The token is forgotten.');
  });
  window.addEventListener('hashchange', () => void show());
  setInterval(() => {
    if (login.hidden && document.visibilityState === 'visible') void show();
  }, REFRESH_MS);
  void show();
}

export const DASHBOARD_SCRIPT = `'use strict';\n(${dashboardClient.toString()})();\n`;
