// The ceiling: a bare node:http server answering the same HTML bytes the app served (one process, like the app
// under test). Usage: node scripts/bench-ceiling.mjs <file>. It listens on a free port and sends that port to its
// parent: a fixed port collided with the app's local identity provider, which takes PORT + 1.
import http from 'node:http';
import fs from 'node:fs';

const [file] = process.argv.slice(2);
const body = fs.readFileSync(file);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
