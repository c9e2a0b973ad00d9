/**
 * Type-level test of the React 19 JSX declarations of the demo's hosts (`demo/src/hosts/portico-jsx.ts`), checked by
 * the root `tsc`: the tags take their element's properties with their types and typed `on<event>` listeners, and
 * refuse what the element does not have. Nothing here runs.
 */
import type { PorticoAuth, SignedInDetail } from '@portico/elements';
import { createRef } from 'react';
import type {} from '../../demo/src/hosts/portico-jsx.ts';

export function portalPage() {
  const auth = createRef<PorticoAuth>();
  return (
    <>
      <portico-auth ref={auth} api="https://auth.example.com" lang="sv" onportico-signed-in={(event) => event.detail.user.email satisfies string} />
      <portico-account-picker accounts={[]} activeAccount={null} filterThreshold={4} onportico-account-changed={(event) => event.detail.account} />
      <portico-profile headingLevel={2} user={null} onportico-profile-updated={(event) => event.detail.user} />
      <portico-login-form busy identifier="ada@example.com" onportico-login-submit={(event) => event.detail.password} />
    </>
  );
}

export function refusedProps() {
  const signedIn = (detail: SignedInDetail) => detail;
  return (
    <>
      {/* @ts-expect-error `api` is a string. */}
      <portico-auth api={8787} />
      {/* @ts-expect-error the detail is a SignedInDetail, not a string. */}
      <portico-auth onportico-signed-in={(event: CustomEvent<string>) => event} />
      {/* @ts-expect-error `<portico-auth>` has no `accounts` property. */}
      <portico-auth accounts={[]} />
      {/* @ts-expect-error `value` of `<portico-new-password>` is read-only. */}
      <portico-new-password value="secret" />
      <portico-signup onportico-signed-in={(event) => signedIn(event.detail)} />
    </>
  );
}
