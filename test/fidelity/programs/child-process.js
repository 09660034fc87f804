// A child Node process prints; its output is captured by the parent and printed in order.
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');
const out = execFileSync(process.execPath, [path.join(__dirname, 'helpers', 'child.js'), '6'], { encoding: 'utf8' });
console.log('child said:', out.trim());
const failed = spawnSync(process.execPath, [path.join(__dirname, 'helpers', 'child.js'), 'fail'], { encoding: 'utf8' });
console.log('child status', failed.status, failed.stdout.trim());
