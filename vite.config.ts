import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/**
 * Lit uses standard (TC39) decorators with `accessor`. Vite 8 transforms TypeScript with Oxc, which does not lower
 * standard decorators yet (it would ship raw `@property` syntax no browser parses), so TypeScript files are first
 * compiled by esbuild, the same transform the component tests and the server already use.
 */
function lowerStandardDecorators(): Plugin {
  return {
    name: 'portico:lower-standard-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\.ts$/.test(id.split('?')[0] ?? '') || !code.includes('@')) return null;
      const result = await transform(code, { loader: 'ts', target: 'es2022', sourcefile: id, sourcemap: true });
      return { code: result.code, map: result.map };
    },
  };
}

/**
 * Puts what a page without a bundler loads into the demo's output, as a host site would serve it: the script-tag
 * bundles of `npm run build:elements` (`/portico.js`, `/sign-in.js`, their `/chunks/`, and `/portico-mock.js`),
 * msw's service worker (`/mockServiceWorker.js`, which must be served from the root to control every page), and the
 * plain HTML host pages, copied as they are. `npm run dev` serves the same files from where they are.
 */
function embeddingFiles(): Plugin {
  const elementsDist = fileURLToPath(new URL('./packages/elements/dist', import.meta.url));
  const files = (): Map<string, string> => {
    const found = new Map<string, string>();
    for (const name of ['portico.js', 'sign-in.js', 'portico-mock.js']) {
      if (existsSync(join(elementsDist, name))) found.set(name, join(elementsDist, name));
    }
    const chunks = join(elementsDist, 'chunks');
    // Not the compressed copies an earlier build wrote beside them: the demo's own are written after this build.
    if (existsSync(chunks)) for (const name of readdirSync(chunks).filter((file) => file.endsWith('.js'))) found.set(`chunks/${name}`, join(chunks, name));
    found.set('mockServiceWorker.js', fileURLToPath(new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url)));
    for (const name of ['plain.html', 'double-load.html']) found.set(`hosts/${name}`, join(root, 'hosts', name));
    return found;
  };
  return {
    name: 'portico:embedding-files',
    generateBundle() {
      const found = files();
      if (!found.has('portico.js')) this.error('packages/elements/dist/portico.js is missing: run npm run build:elements first');
      for (const [fileName, path] of found) this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = files().get((request.url ?? '').split('?')[0]!.replace(/^\//, ''));
        if (!path || !existsSync(path)) return next();
        response.setHeader('content-type', path.endsWith('.html') ? 'text/html' : 'text/javascript');
        response.end(readFileSync(path));
      });
    },
  };
}

const root = fileURLToPath(new URL('./demo', import.meta.url));

export default defineConfig({
  root,
  plugins: [lowerStandardDecorators(), embeddingFiles()],
  // The workspace packages' `source` export condition: the demo builds from the elements' TypeScript sources.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: fileURLToPath(new URL('./demo/dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      // The portal page, and the development BankID test phone (it works only where the server has the local
      // BankID test server; the portal page links it only then).
      input: {
        main: fileURLToPath(new URL('./demo/index.html', import.meta.url)),
        testPhone: fileURLToPath(new URL('./demo/test-phone.html', import.meta.url)),
        // The React 19 host (the plain HTML hosts are copied as they are by embeddingFiles).
        reactHost: fileURLToPath(new URL('./demo/hosts/react.html', import.meta.url)),
        // The theme playground: every component and step, themed live.
        playground: fileURLToPath(new URL('./demo/playground.html', import.meta.url)),
      },
    },
  },
  // `npm run dev`: the demo with hot reload; API calls (and the local BankID test server's) go to a server started
  // with `npm start` (or PORT=8787).
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${process.env.PORTICO_API_PORT ?? 8787}`,
      '/bankid-test': `http://127.0.0.1:${process.env.PORTICO_API_PORT ?? 8787}`,
    },
  },
});
