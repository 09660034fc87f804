/**
 * Imports resolve under `scope record` as they do under tsx, through the built CLI and real
 * processes: the tsconfig's `paths` and `baseUrl` in CommonJS and ES module TypeScript projects
 * (and not for a package's own imports), and an import nothing resolves fails with Node's own
 * error, its header naming Node's loader and no Scope frame in its stack.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kind } from '../../src/protocol/wire';
import { createQueryEngine } from '../../src/query/engine';
import { openRecording } from '../../src/store/recording-file';
import { programStderr, removeQuietly, run, runPlain, runRecorded } from '../fidelity/harness';

function writeProject(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

const LIBRARY = {
  'src/lib/math.ts': 'export function square(x: number): number {\n  return x * x;\n}\n',
  'src/config.ts': 'export const factor: number = 3;\n',
  // A package importing a specifier the project aliases: the alias is the project's, not the package's.
  'node_modules/dep/index.js': "try { require('@lib/math'); console.log('dep: resolved'); } catch (error) { console.log('dep:', error.code); }\n",
  'node_modules/dep/package.json': '{ "name": "dep", "main": "index.js" }',
};

const PROJECTS = {
  'a CommonJS': {
    ...LIBRARY,
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true, baseUrl: '.', paths: { '@lib/*': ['src/lib/*'], '~config': ['src/config.ts'] } } }),
    'src/main.ts': "import { square } from '@lib/math';\nimport { factor } from '~config';\nimport { factor as viaBaseUrl } from 'src/config';\nimport 'dep';\nconsole.log(square(factor), viaBaseUrl);\n",
  },
  'an ES module': {
    ...LIBRARY,
    'package.json': '{ "type": "module" }',
    'node_modules/dep/index.js': "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n" + LIBRARY['node_modules/dep/index.js'],
    'node_modules/dep/package.json': '{ "name": "dep", "type": "module", "exports": "./index.js" }',
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true, paths: { '@lib/*': ['./src/lib/*'], '~config': ['./src/config.ts'] } } }),
    'src/main.ts': "import { square } from '@lib/math.js';\nimport { factor } from '~config';\nimport 'dep';\nconsole.log(square(factor), factor);\n",
  },
};

/** What each project's aliased imports show on its last line. */
const IMPORTS_READ: Record<keyof typeof PROJECTS, Record<string, string>> = {
  'a CommonJS': { square: 'ƒ square()', factor: '3', viaBaseUrl: '3' },
  'an ES module': { square: 'ƒ square()', factor: '3' },
};

describe('module resolution under scope record (built CLI, real processes)', function () {
  this.timeout(180_000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-resolution-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  for (const [kind, files] of Object.entries(PROJECTS)) {
    it(`resolves tsconfig paths in ${kind} TypeScript project as tsx does, records the aliased module, and shows what its imports read`, async () => {
      const project = path.join(scratch, kind.replace(/ /g, '-'));
      writeProject(project, files);
      const plain = await runPlain('src/main.ts', project);
      assert.equal(plain.status, 0, plain.stderr);
      assert.equal(plain.stdout, 'dep: MODULE_NOT_FOUND\n9 3\n');
      const recorded = await runRecorded('src/main.ts', project, 'full');
      try {
        assert.equal(recorded.status, 0, recorded.stderr);
        assert.equal(recorded.stdout, plain.stdout);
        const { store } = await openRecording(recorded.recording);
        const squares = [];
        for (let i = 0; i < store.count; i++) {
          const site = store.sites[store.siteOf[i]];
          if (store.kinds[i] === Kind.CallEnter && site?.name === 'square') squares.push(`${path.relative(project, site.file)}:${site.line}`);
        }
        assert.deepEqual(squares, [path.join('src', 'lib', 'math.ts') + ':1']);
        // The debugger follows an aliased import to the binding it reads, as a relative one.
        const engine = createQueryEngine(store);
        const lastLine = files['src/main.ts'].trimEnd().split('\n').length;
        const [hit] = engine.hitsIn({ file: path.join(project, 'src', 'main.ts'), line: lastLine }, 0, engine.eventCount());
        const scopes = engine.scopesAt(hit, 0);
        assert.ok(scopes.ok, scopes.ok ? '' : scopes.reason);
        const shown = new Map(scopes.scopes.flatMap((scope) => scope.bindings).map((b) => [b.name, b.value.kind === 'object' ? b.value.preview : b.value.text]));
        for (const [name, value] of Object.entries(IMPORTS_READ[kind as keyof typeof PROJECTS])) assert.equal(shown.get(name), value, name);
      } finally {
        removeQuietly(recorded.recording);
      }
    });
  }

  /** Runs a one-file program plain and recorded; both fail the same way, and Scope's files show in neither. */
  async function runMissing(name: string, file: string, source: string): Promise<{ plain: string; recorded: string }> {
    const project = path.join(scratch, name);
    writeProject(project, { [file]: source });
    const plain = await run(process.execPath, [file], { cwd: project });
    const recorded = await runRecorded(file, project, 'full');
    removeQuietly(recorded.recording);
    assert.equal(recorded.status, plain.status);
    assert.doesNotMatch(recorded.stderr, /dist[\\/]runtime/);
    return { plain: plain.stderr, recorded: programStderr(recorded.stderr) };
  }

  it('fails a require nothing resolves with Node\'s own error, thrown from Node\'s loader', async () => {
    const { plain, recorded } = await runMissing('missing-cjs', 'main.js', "require('./nowhere.js');\n");
    const header = (stderr: string) => stderr.split('\n').slice(0, 6).join('\n');
    assert.match(header(plain), /^node:internal\/modules\/cjs\/loader:\d+\n/);
    assert.equal(header(recorded), header(plain));
  });

  it('fails an import nothing resolves with Node\'s error and no Scope frame in its stack', async () => {
    const { plain, recorded } = await runMissing('missing-esm', 'main.mjs', "import './nowhere.js';\n");
    const message = (stderr: string) => /Error \[ERR_MODULE_NOT_FOUND\]: .*/.exec(stderr)?.[0];
    assert.ok(message(plain));
    assert.equal(message(recorded), message(plain));
  });
});
