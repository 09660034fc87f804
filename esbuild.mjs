// Builds one bundle per runtime: the extension host, the standalone debug adapter, the CLI, the
// code injected into the debuggee (bootstrap, loader hooks, drainer worker), the adapter's ingest
// worker, and the browser timeline. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, minify: production, logLevel: 'warning' };

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, format: 'cjs', external: ['vscode'], outdir: 'dist' },
  { ...node, entryPoints: { adapter: 'src/adapter/main.ts', cli: 'src/cli/main.ts', 'ingest-worker': 'src/store/ingest-worker.ts' }, format: 'cjs', outdir: 'dist' },
  // The debuggee runtime runs inside the user's program: keep it small and free of the instrumenter,
  // which is loaded lazily (it needs ts-morph) by the loader hooks only.
  { ...node, entryPoints: { 'runtime/bootstrap': 'src/runtime/bootstrap.ts', 'runtime/drainer': 'src/runtime/drainer-worker.ts' }, format: 'cjs', outdir: 'dist' },
  // The instrumenter with TypeScript bundled in (~9 MB): the runtime requires it lazily, only when a
  // file to instrument is loaded and is not in the cache.
  { ...node, entryPoints: { instrumenter: 'src/instrument/index.ts' }, format: 'cjs', outdir: 'dist' },
  // The ESM loader hooks bundle the instrumenter (and so TypeScript): the packaged extension ships
  // no node_modules. TypeScript's CommonJS `require` of Node built-ins needs a real `require` in ESM.
  { ...node, entryPoints: { 'runtime/hooks': 'src/runtime/loader-hooks.ts' }, format: 'esm', outExtension: { '.js': '.mjs' }, outdir: 'dist',
    banner: { js: "import { createRequire as __scopeCreateRequire } from 'node:module'; const require = __scopeCreateRequire(import.meta.url);" } },
  { bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', sourcemap: true, minify: production, logLevel: 'warning',
    entryPoints: { 'webview/timeline': 'webview-ui/src/main.tsx' }, outdir: 'dist', jsx: 'automatic', loader: { '.css': 'css' },
    // React's production build (its development build is 5x larger and slower to render).
    define: { 'process.env.NODE_ENV': '"production"' } },
];

// While the stages are being built in parallel, an entry whose source does not exist yet is
// skipped with a warning instead of failing the whole build.
for (const b of builds) {
  const entries = Object.fromEntries(Object.entries(b.entryPoints).filter(([name, src]) => {
    if (existsSync(src)) return true;
    console.warn(`esbuild: skipping ${name} (${src} does not exist yet)`);
    return false;
  }));
  if (Object.keys(entries).length === 0) continue;
  const options = { ...b, entryPoints: entries };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
