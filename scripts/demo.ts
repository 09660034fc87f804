/**
 * The main job: Scope in a real VS Code on examples/. Packages the extension as users get it
 * (`vsce package`), installs it into the local code-server (scripts/setup-code-server.sh), opens
 * examples/ and prints the URL. Stops with Ctrl+C. The workspace is examples/ itself, not a copy,
 * so recordings and edits stay there.
 */
import path from 'node:path';
import { installExtension, makeRunDirs, packageExtension, ROOT, startCodeServer } from './code-server';

async function main(): Promise<void> {
  const dirs = makeRunDirs('demo', path.join(ROOT, 'examples'));
  dirs.workspace = path.join(ROOT, 'examples');
  const vsix = packageExtension(dirs);
  installExtension(dirs, vsix);
  const server = await startCodeServer(dirs, Number(process.env.PORT) || undefined);
  process.stdout.write(
    `\nScope is running in VS Code (code-server) on examples/:\n\n    ${server.url}/?folder=${encodeURIComponent(dirs.workspace)}\n\n` +
    `Open src/main.ts, press F5 ("Scope Debug"), then use Step Back / Reverse Continue and the Scope Timeline panel.\n` +
    `Desktop VS Code: code --install-extension ${vsix}\nCtrl+C stops the server.\n`,
  );
  const stop = () => { server.stop().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
