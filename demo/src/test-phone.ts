/**
 * The demo's BankID test phone (development only): the person's side of a BankID order, played against the
 * development server's local BankID test server, so BankID sign-in can be tried without a test BankID or a phone.
 * It lists the pending orders (refreshed every second) and acts on one: open it in the "app", approve it as the
 * personnummer typed above, cancel it in the "app", or let it expire.
 */

interface PendingOrder {
  orderRef: string;
  status: string;
  hintCode: string | null;
  startedAt: string;
}

type Action = 'open' | 'approve' | 'cancel' | 'expire';

const base = '/bankid-test/test-phone';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the test phone page`);
  return element as T;
}

const list = byId<HTMLUListElement>('orders');
const empty = byId('orders-empty');
const result = byId('result');
const personalNumberInput = byId<HTMLInputElement>('personal-number');
const nameInput = byId<HTMLInputElement>('person-name');
const ordersHeading = byId('orders-heading');

/** What the order is waiting for, by BankID's hint code. */
function describeState(order: PendingOrder): string {
  switch (order.hintCode) {
    case 'outstandingTransaction':
      return 'waiting for the app to open it';
    case 'noClient':
      return 'the app has not been started';
    case 'started':
      return 'the app is searching for a BankID';
    case 'userSign':
      return 'open in the app: waiting for the security code';
    default:
      return order.hintCode ?? order.status;
  }
}

const actions: ReadonlyArray<{ action: Action; label: string }> = [
  { action: 'open', label: 'Open in app' },
  { action: 'approve', label: 'Approve' },
  { action: 'cancel', label: 'Cancel' },
  { action: 'expire', label: 'Let expire' },
];

/** What the portal should show after each action. */
const done: Readonly<Record<Action, string>> = {
  open: 'Opened in the app: the portal now asks for the security code.',
  approve: 'Approved: the portal signs in the user with this personnummer (or says no account has it).',
  cancel: 'Cancelled in the app: the portal shows "The action was cancelled."',
  expire: 'Expired: the portal shows "The BankID app is not responding…".',
};

async function act(action: Action, orderRef: string): Promise<void> {
  const personalNumber = personalNumberInput.value.trim();
  const name = nameInput.value.trim();
  if (action === 'approve' && personalNumber === '') {
    result.textContent = 'Enter the personnummer of the person approving first.';
    personalNumberInput.focus();
    return;
  }
  const body: Record<string, string> = { action, orderRef };
  if (personalNumber !== '' && (action === 'approve' || action === 'open')) body.personalNumber = personalNumber;
  if (name !== '' && action === 'approve') body.name = name;
  const response = await fetch(`${base}/act`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => null);
  if (!response) {
    result.textContent = 'The server could not be reached.';
    return;
  }
  if (response.status === 404) {
    result.textContent = 'That order is no longer pending.';
  } else if (!response.ok) {
    const details = (await response.json().catch(() => null)) as { details?: string } | null;
    result.textContent = `Refused: ${details?.details ?? response.status}.`;
    if (/personalNumber/.test(details?.details ?? '')) personalNumberInput.focus();
  } else {
    result.textContent = done[action];
  }
  await refresh();
}

/** One order's row: its start time and state, and its actions (a labelled group). */
function renderOrder(order: PendingOrder): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.orderRef = order.orderRef;
  const label = document.createElement('p');
  label.id = `order-${order.orderRef}`;
  item.append(label);
  const group = document.createElement('div');
  group.className = 'actions';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-labelledby', label.id);
  for (const { action, label: text } of actions) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text;
    button.addEventListener('click', () => void act(action, order.orderRef));
    group.append(button);
  }
  item.append(group);
  return item;
}

/** Updates the list in place, so that a button keeps the keyboard focus while the list refreshes. */
function showOrders(orders: PendingOrder[]): void {
  const focusedGone = (row: Element) => row.contains(document.activeElement);
  const rows = new Map([...list.querySelectorAll<HTMLLIElement>('li')].map((row) => [row.dataset.orderRef ?? '', row]));
  let lostFocus = false;
  for (const [orderRef, row] of rows) {
    if (orders.some((order) => order.orderRef === orderRef)) continue;
    lostFocus ||= focusedGone(row);
    row.remove();
  }
  orders.forEach((order, index) => {
    const row = rows.get(order.orderRef) ?? renderOrder(order);
    const text = `Order started ${new Date(order.startedAt).toLocaleTimeString()}: ${describeState(order)}`;
    const label = row.querySelector('p');
    if (label && label.textContent !== text) label.textContent = text;
    if (list.children[index] !== row) list.insertBefore(row, list.children[index] ?? null);
  });
  empty.hidden = orders.length > 0;
  // The order acted on is over: the focus goes to the list's heading rather than to <body>.
  if (lostFocus) ordersHeading.focus();
}

async function refresh(): Promise<boolean> {
  const response = await fetch(`${base}/orders`).catch(() => null);
  if (!response?.ok) return false;
  const { orders } = (await response.json()) as { orders: PendingOrder[] };
  showOrders(orders);
  return true;
}

void refresh().then((available) => {
  if (available) {
    setInterval(() => void refresh(), 1000);
    return;
  }
  byId('unavailable').hidden = false;
  empty.hidden = true;
});
