// The ceiling: a bare node:http server answering the same HTML bytes the app served (one process, like the app
// under test). Usage: node scripts/bench-ceiling.mjs <port> <file>
import http from 'node:http';
import fs from 'node:fs';

const [port, file] = process.argv.slice(2);
const body = fs.readFileSync(file);
http
  .createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
