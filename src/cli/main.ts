/**
 * `scope` — the command-line entry. Each command lives in its own module and returns an exit
 * code; errors a user can fix are printed as one `scope: …` line, never a stack trace.
 */
type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  record: { summary: 'run a command with recording: scope record [--mode calls|full] [--out FILE] [--libraries writes|none] -- node app.ts', load: async () => (await import('./record')).run },
  info: { summary: 'what a .scope recording holds (events by kind, threads, size, completeness)', load: async () => (await import('./info')).run },
  dump: { summary: 'print recorded events with their source positions', load: async () => (await import('./dump')).run },
  export: { summary: 'export a recording as Chrome Trace Event JSON (--format chrome)', load: async () => (await import('./export')).run },
  query: { summary: 'ask a recording: hits, stack, vars, history, last-write, calls, search (--json)', load: async () => (await import('./query')).run },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  scope ${name.padEnd(8)} ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`scope: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    process.stderr.write(`scope: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
