/**
 * The standalone debug adapter: `node dist/adapter.js` speaks DAP on stdin/stdout;
 * `node dist/adapter.js --server=PORT` serves one session per connection on loopback TCP (port 0
 * picks a free port, printed on stderr). It imports nothing from `vscode`.
 */
import * as net from 'node:net';
import { ScopeDebugSession } from './session';

function serverPort(argv: string[]): number | undefined {
  for (const arg of argv) {
    const m = /^--server=(\d+)$/.exec(arg);
    if (m) return Number(m[1]);
  }
  return undefined;
}

const port = serverPort(process.argv.slice(2));
if (port !== undefined) {
  // Loopback only: a debug adapter can start programs, so it must not be reachable from elsewhere.
  const server = net.createServer((socket) => {
    const session = new ScopeDebugSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address() as net.AddressInfo;
    process.stderr.write(`scope adapter: waiting for DAP on 127.0.0.1:${address.port}\n`);
  });
} else {
  const session = new ScopeDebugSession();
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}
