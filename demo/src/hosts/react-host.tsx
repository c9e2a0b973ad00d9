/**
 * A React 19 host of `<portico-auth>`: React passes the element's properties and `on<event>` listeners to custom
 * elements by itself, so the element is used as any other tag. The page imports the one component it uses
 * (`@portico/elements/auth`), as a host bundling with its own build would. `?backend=mock` runs it against the
 * in-browser mock instead of the server.
 */
import type { User } from '@portico/contract';
import type { PorticoAuth, SignedInDetail } from '@portico/elements';
import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type {} from './portico-jsx.ts';

interface MockUser {
  email: string;
  password: string;
}

function App({ mockUser }: { mockUser: MockUser | null }) {
  const auth = useRef<PorticoAuth>(null);
  const [user, setUser] = useState<User | null>(null);

  const signedIn = (event: CustomEvent<SignedInDetail>) => setUser(event.detail.user);
  const signOut = async () => {
    await auth.current?.signOut();
    setUser(null);
  };

  return (
    <>
      <header className="topbar">React host</header>
      <main>
        {mockUser && (
          <p className="note" id="mock-note">
            In-browser mock backend: sign in as <code>{mockUser.email}</code> with the password <code>{mockUser.password}</code>.
          </p>
        )}
        {/* Kept mounted while signed in (only hidden): it is the element that signs out again. */}
        <section id="signed-out" aria-label="Sign in" hidden={user !== null}>
          <portico-auth ref={auth} api="" onportico-signed-in={signedIn}></portico-auth>
        </section>
        {user && (
          <section id="signed-in" aria-labelledby="signed-in-heading">
            <h1 id="signed-in-heading">Welcome</h1>
            <p>
              Signed in as <strong id="signed-in-email">{user.email}</strong>.
            </p>
            <button type="button" id="sign-out" onClick={() => void signOut()}>
              Sign out
            </button>
          </section>
        )}
      </main>
    </>
  );
}

async function start(): Promise<void> {
  let mockUser: MockUser | null = null;
  // The mock has to answer before the element first asks the API (for its policy), so it starts first.
  if (new URLSearchParams(location.search).get('backend') === 'mock') {
    const { startMockBackend } = await import('@portico/mock/browser');
    const { backend } = await startMockBackend({ serviceWorkerUrl: '/mockServiceWorker.js' });
    mockUser = backend.scenarios.plain;
  }
  await import('@portico/elements/auth');
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <App mockUser={mockUser} />
    </StrictMode>,
  );
}

void start();
