import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

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

const root = fileURLToPath(new URL('./demo', import.meta.url));

export default defineConfig({
  root,
  plugins: [lowerStandardDecorators()],
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
