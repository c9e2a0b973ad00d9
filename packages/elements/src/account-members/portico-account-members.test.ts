import { createPorticoClient } from '@portico/client';
import type { PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { seedUser, type SeededUser } from '../../../../test/support/seed-user.ts';
import { linkAccount, seedAccount } from '../account-test-support.ts';
import { button, expectAnnouncedOnce, expectFocused, textOf, typeInto, whileOffline, waitUntil } from '../test-helpers.ts';
import type { PorticoAccountMembers } from './portico-account-members.ts';
import './portico-account-members.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs).

const client = createPorticoClient();

interface Team {
  accountName: string;
  owner: SeededUser;
  admin: SeededUser;
  member: SeededUser;
}

/** One account with an owner (linked first), an admin and a member, each a fresh login. */
async function seedTeam(label: string): Promise<Team> {
  const account = await seedAccount(`${label} AB`);
  const owner = await seedUser(`${label}-owner`);
  const admin = await seedUser(`${label}-admin`);
  const member = await seedUser(`${label}-member`);
  await linkAccount(account.customerId, owner.email);
  await linkAccount(account.customerId, admin.email, 'admin');
  await linkAccount(account.customerId, member.email, 'member');
  return { accountName: account.name, owner, admin, member };
}

async function signIn(user: SeededUser): Promise<void> {
  await client.signIn({ identifier: user.email, password: user.password });
}

const rows = (el: Element) => [...el.querySelectorAll<HTMLLIElement>('li[data-user-id]')];
const rowOf = (el: Element, user: SeededUser) => rows(el).find((row) => row.textContent?.includes(user.email));
const roleSelect = (row: Element | undefined) => row?.querySelector('select') ?? null;

async function shown(lang = 'en'): Promise<PorticoAccountMembers> {
  const el = await fixture<PorticoAccountMembers>(html`<portico-account-members lang=${lang}></portico-account-members>`);
  await waitUntil(() => el.querySelector('[role="heading"]'), 'the section did not load');
  return el;
}

describe('<portico-account-members>', () => {
  afterEach(() => client.signOut());

  it('shows an owner the people with their roles and last sign-in, in the light DOM, the owner marked as "you"', async () => {
    const team = await seedTeam('members-list');
    await signIn(team.owner);
    const el = await shown();
    expect(textOf(el.querySelector('[role="heading"]'))).to.equal(`People in ${team.accountName}`);
    const list = el.querySelector('ul');
    expect(list?.getRootNode()).to.equal(document);
    expect(list?.getAttribute('aria-labelledby')).to.equal(el.querySelector('[role="heading"]')?.id);
    expect(rows(el).map((row) => row.dataset.role)).to.deep.equal(['owner', 'admin', 'member']);
    const mine = rowOf(el, team.owner)!;
    expect(textOf(mine)).to.contain('(you)');
    expect(mine.querySelector('button')).to.equal(null, "no Remove on one's own row");
    expect(textOf(mine)).to.match(/Last signed in/);
    expect(textOf(rowOf(el, team.member))).to.contain('Has not signed in yet');
    expect(roleSelect(rowOf(el, team.admin))?.getAttribute('aria-label')).to.match(/^Role of /);
    expect([...roleSelect(rowOf(el, team.member))!.options].map((o) => o.value)).to.deep.equal(['owner', 'admin', 'member']);
    await expect(el).to.be.accessible();
  });

  it('changes a role with the select, says so, and keeps the focus on it', async () => {
    const team = await seedTeam('members-role');
    await signIn(team.owner);
    const el = await shown();
    const select = roleSelect(rowOf(el, team.member))!;
    select.focus();
    select.value = 'admin';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => textOf(el.querySelector('[role="status"]')).includes('is now admin'), 'no notice');
    expect(rowOf(el, team.member)?.dataset.role).to.equal('admin');
    expectFocused(roleSelect(rowOf(el, team.member)));
    const stored = await createPorticoClient()
      .getAccountMembers()
      .catch(() => null);
    expect(stored?.members.find((m) => m.email === team.member.email)?.role).to.equal('admin');
  });

  it('keeps the last owner: stepping down is refused in an alert and the select shows the role as it is', async () => {
    const team = await seedTeam('members-last');
    await signIn(team.owner);
    const el = await shown();
    const select = roleSelect(rowOf(el, team.owner))!;
    select.value = 'member';
    const failed = oneEvent(el, 'portico-error');
    select.dispatchEvent(new Event('change'));
    expect(((await failed) as CustomEvent<PorticoErrorDetail>).detail.code).to.equal('last_owner');
    await waitUntil(() => textOf(el.querySelector('portico-alert')).includes('at least one owner'), 'no alert');
    expect(roleSelect(rowOf(el, team.owner))?.value).to.equal('owner');
  });

  it('removes someone after a confirmation in the row; Cancel leaves them', async () => {
    const team = await seedTeam('members-remove');
    await signIn(team.owner);
    const el = await shown();
    button(rowOf(el, team.member)!, 'Remove').click();
    await waitUntil(() => rowOf(el, team.member)?.querySelector('[data-confirm]'), 'no confirmation');
    expect(textOf(rowOf(el, team.member))).to.contain(`from ${team.accountName}?`);
    button(rowOf(el, team.member)!, 'Cancel').click();
    await waitUntil(() => !rowOf(el, team.member)?.querySelector('[data-confirm]'), 'the confirmation stayed');
    expect(rows(el)).to.have.length(3);

    button(rowOf(el, team.member)!, 'Remove').click();
    await waitUntil(() => rowOf(el, team.member)?.querySelector('[data-confirm-remove]'));
    expectFocused(rowOf(el, team.member)!.querySelector('[data-confirm-remove]'));
    (rowOf(el, team.member)!.querySelector('[data-confirm-remove]') as HTMLButtonElement).click();
    await waitUntil(() => !rowOf(el, team.member), 'still listed');
    expect(textOf(el.querySelector('[role="status"]'))).to.contain(`no longer works in ${team.accountName}`);
  });

  it('gives an admin no controls on an owner, and no owner to choose', async () => {
    const team = await seedTeam('members-admin');
    await signIn(team.admin);
    const el = await shown();
    const owner = rowOf(el, team.owner)!;
    expect(roleSelect(owner)).to.equal(null);
    expect(owner.querySelector('button')).to.equal(null);
    expect(textOf(owner)).to.contain('Owner');
    expect([...roleSelect(rowOf(el, team.member))!.options].map((o) => o.value)).to.deep.equal(['admin', 'member']);
  });

  it('invites a colleague by e-mail with a role; an address already in the account is refused, what was typed kept', async () => {
    const team = await seedTeam('members-invite');
    await signIn(team.admin);
    const el = await shown();
    const form = el.querySelector<HTMLFormElement>('form[aria-label="Invite a colleague"]')!;
    const email = form.querySelector<HTMLInputElement>('input[type="email"]')!;
    const role = form.querySelector<HTMLSelectElement>('select')!;
    expect(email.getAttribute('autocomplete')).to.equal('off');
    expect([...role.options].map((o) => o.value)).to.deep.equal(['admin', 'member'], 'an admin cannot offer owner');
    expect(role.value).to.equal('member');

    await typeInto(email, `new-colleague-${crypto.randomUUID().slice(0, 8)}@example.test`);
    role.value = 'admin';
    button(form, 'Send invitation').click();
    await waitUntil(() => textOf(el.querySelector('[role="status"]')).startsWith('We have sent an invitation'), 'no notice');
    expect(textOf(el.querySelector('[role="status"]'))).to.contain('join as admin');
    expect(email.value).to.equal('');

    await typeInto(email, team.member.email);
    const failed = oneEvent(el, 'portico-error');
    button(form, 'Send invitation').click();
    expect(((await failed) as CustomEvent<PorticoErrorDetail>).detail.code).to.equal('already_member');
    await waitUntil(() => textOf(form.querySelector('portico-alert')).includes('already works'), 'no alert');
    expect(email.value).to.equal(team.member.email);
    expectFocused(email);
    expect(email.getAttribute('aria-invalid')).to.equal('true');
  });

  it('says when the people cannot be read, announces it once shown, and reads them on "Try again"', async () => {
    const team = await seedTeam('members-offline');
    await signIn(team.owner);
    await whileOffline(async ({ announced, online }) => {
      const el = await fixture<PorticoAccountMembers>(html`<portico-account-members></portico-account-members>`);
      await expectAnnouncedOnce(el, announced);
      expect(rows(el)).to.have.length(0);

      online();
      button(el, 'Try again').click();
      await waitUntil(() => rows(el).length === 3, 'not read again');
      expect(textOf(el.querySelector('[role="alert"]'))).to.equal('');
      expect(textOf(el.querySelector('[role="heading"]'))).to.equal(`People in ${team.accountName}`);
    });
  });

  it('shows a member no list, and who manages the account', async () => {
    const team = await seedTeam('members-member');
    await signIn(team.member);
    const el = await shown();
    await waitUntil(() => el.querySelector('p'), 'no note');
    expect(el.querySelector('ul')).to.equal(null);
    expect(textOf(el)).to.contain(`The owners and admins of ${team.accountName} manage who works in it`);
  });

  it('speaks Swedish', async () => {
    const team = await seedTeam('members-sv');
    await signIn(team.owner);
    const el = await shown('sv');
    await waitUntil(() => textOf(el.querySelector('[role="heading"]')).startsWith('Personer i'), 'not in Swedish');
    expect(textOf(rowOf(el, team.admin))).to.contain('Har inte loggat in än');
    expect([...roleSelect(rowOf(el, team.member))!.options].map((o) => o.textContent?.trim())).to.deep.equal(['Ägare', 'Administratör', 'Medlem']);
  });

  it('shows nothing when signed out', async () => {
    const el = await fixture<PorticoAccountMembers>(html`<portico-account-members></portico-account-members>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(el.querySelector('[role="heading"]')).to.equal(null);
    expect(textOf(el)).to.equal('');
  });
});
