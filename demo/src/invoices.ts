/**
 * The dashboard's invoices, from the portal's own back end (`/portal/api/*`), which knows who is signed in only from
 * the session token the page sends: the same call a real portal makes to its API on another origin.
 */
interface Invoice {
  number: string;
  issued: string;
  amount: string;
  status: 'paid' | 'due';
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the demo page`);
  return element as T;
}

/** The portal's API with the session token, or null without a session. */
async function portalFetch(path: string): Promise<Response | null> {
  // <portico-auth> hands out the token (it stays on the page, hidden, while signed in); it follows an account switch
  // made by any Portico element of the page.
  const auth = document.querySelector('portico-auth');
  const token = auth ? await auth.getToken() : null;
  if (token === null) return null;
  return fetch(path, { headers: { authorization: `Bearer ${token}` } });
}

/** The latest request wins: a switch while invoices load must not show the other account's afterwards. */
let shown = 0;

export async function showInvoices(): Promise<void> {
  const request = ++shown;
  const status = byId('invoices-status');
  const table = byId('invoices-table');
  status.textContent = 'Loading invoices…';
  try {
    const response = await portalFetch('/portal/api/invoices');
    if (request !== shown) return;
    if (response === null || response.status === 401) {
      table.hidden = true;
      status.textContent = 'Sign in to see your invoices.';
      return;
    }
    if (response.status === 409) {
      table.hidden = true;
      status.textContent = 'Choose a customer account to see its invoices.';
      return;
    }
    if (response.status === 404) {
      table.hidden = true;
      status.textContent = 'This portal has no back end of its own here (the in-browser mock).';
      return;
    }
    if (!response.ok) throw new Error(String(response.status));
    const { customerId, invoices } = (await response.json()) as { customerId: string; invoices: Invoice[] };
    byId('invoices-caption').textContent = `Invoices of ${customerId}`;
    byId('invoices-rows').replaceChildren(
      ...invoices.map((invoice) => {
        const row = document.createElement('tr');
        for (const text of [invoice.number, invoice.issued, invoice.amount, invoice.status === 'due' ? 'Due' : 'Paid']) {
          const cell = document.createElement('td');
          cell.textContent = text;
          row.append(cell);
        }
        return row;
      }),
    );
    table.hidden = false;
    status.textContent = '';
    void showEvents();
  } catch {
    if (request !== shown) return;
    table.hidden = true;
    status.textContent = 'The invoices could not be loaded. Try again in a moment.';
  }
}

export function clearInvoices(): void {
  shown++;
  byId('invoices-table').hidden = true;
  byId('invoices-rows').replaceChildren();
  byId('invoices-status').textContent = '';
  byId('webhook-events-list').replaceChildren();
}

/** What Portico told the portal's back end by webhook, newest first. */
async function showEvents(): Promise<void> {
  const response = await portalFetch('/portal/api/webhook-events').catch(() => null);
  if (!response?.ok) return;
  const { events } = (await response.json()) as { events: Array<{ id: string; type: string; receivedAt: string }> };
  byId('webhook-events-list').replaceChildren(
    ...events.map((event) => {
      const item = document.createElement('li');
      item.textContent = `${new Date(event.receivedAt).toLocaleTimeString()} ${event.type}`;
      return item;
    }),
  );
}
