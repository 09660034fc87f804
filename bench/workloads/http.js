// I/O-bound: an HTTP server on loopback answering JSON, and a keep-alive client loop against it.
const http = require('node:http');
const { report } = require('./common');
const routes = {
  '/items': (url) => Array.from({ length: 20 }, (_, i) => ({ id: i, name: 'item' + i, tag: url.searchParams.get('tag') })),
  '/sum': (url) => ({ sum: url.searchParams.getAll('n').reduce((s, n) => s + Number(n), 0) }),
};
function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const route = routes[url.pathname];
  const body = JSON.stringify(route ? route(url) : { error: 'not found' });
  res.writeHead(route ? 200 : 404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
function get(agent, port, path) {
  return new Promise((resolve, reject) => {
    http.get({ port, path, agent }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve(data.length));
    }).on('error', reject);
  });
}
report('http', async (scale) => {
  const server = http.createServer(handle);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let bytes = 0;
  const requests = 600 * scale;
  for (let i = 0; i < requests; i += 8) {
    const batch = [];
    for (let k = 0; k < 8; k++) batch.push(get(agent, port, k % 2 ? `/items?tag=t${i}` : `/sum?n=${i}&n=${k}`));
    for (const n of await Promise.all(batch)) bytes += n;
  }
  agent.destroy();
  server.close();
  return bytes;
});
