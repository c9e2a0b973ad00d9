/** Test-only helpers for BankID (leasing portal), shared by the component tests (not exported from the package). */
import { createPorticoClient } from '@portico/client';
import { seedUser, type SeededUser } from '../../../test/support/seed-user.ts';

/** A valid personnummer (12 digits) no other test uses: a random date of birth and serial, with its check digit. */
export function freshPersonalNumber(): string {
  const random = (below: number) => Math.floor(Math.random() * below);
  const year = 1940 + random(60);
  const month = String(1 + random(12)).padStart(2, '0');
  const day = String(1 + random(28)).padStart(2, '0');
  const serial = String(random(1000)).padStart(3, '0');
  const nine = `${String(year).slice(2)}${month}${day}${serial}`;
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return `${year}${month}${day}${serial}${(10 - (sum % 10)) % 10}`;
}

export interface TestPhoneOrder {
  orderRef: string;
  status: string;
  hintCode: string | null;
  startedAt: string;
}

/** The development server's local BankID test server: the person's side of an order ("test phone"). */
export const testPhone = {
  /** The pending orders, newest first. */
  async orders(): Promise<TestPhoneOrder[]> {
    const response = await fetch('/bankid-test/test-phone/orders');
    if (!response.ok) throw new Error(`The test phone answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { orders: TestPhoneOrder[] }).orders;
  },

  /** Acts on `orderRef` (else the newest pending order) as the person would in the app. */
  async act(
    action: 'open' | 'approve' | 'cancel' | 'expire' | 'hint',
    extra: { orderRef?: string; personalNumber?: string; name?: string; status?: 'pending' | 'failed'; hintCode?: string } = {},
  ): Promise<{ orderRef: string; status: string; hintCode: string | null }> {
    const response = await fetch('/bankid-test/test-phone/act', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action, ...extra }),
    });
    if (!response.ok) throw new Error(`The test phone could not ${action}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { orderRef: string; status: string; hintCode: string | null };
  },
};

/** A user who added `personalNumber` under My details (signed in, saved it, signed out again). */
export async function seedUserWithPersonalNumber(name: string): Promise<SeededUser & { personalNumber: string }> {
  const seeded = await seedUser(name);
  const client = createPorticoClient();
  await client.signIn({ identifier: seeded.email, password: seeded.password });
  const personalNumber = freshPersonalNumber();
  await client.setPersonalNumber({ personalNumber });
  await client.signOut();
  return { ...seeded, personalNumber };
}
