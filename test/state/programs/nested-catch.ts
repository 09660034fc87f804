// A try/catch inside a catch block of the same function: each catch parameter is its own clause's.
function handle(kind: string): string {
  try {
    throw new Error('outer ' + kind);
  } catch (outer) {
    try {
      throw new Error('inner ' + kind);
    } catch (inner) {
      const outerMessage = (outer as Error).message;
      const innerMessage = (inner as Error).message;
      console.log('@state ' + JSON.stringify({ outerMessage, innerMessage }));
      return outerMessage + ' / ' + innerMessage;
    }
  }
}
function caught(kind: string): string {
  try {
    throw kind + '!';
  } catch (first) {
    try {
      throw first + '?';
    } catch (second) {
      console.log('@state ' + JSON.stringify({ first, second }));
      return String(second);
    }
  }
}
handle('a');
caught('b');
