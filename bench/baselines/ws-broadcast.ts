// Baseline (c): a raw `ws` server speaking just enough graphql-transport-ws (connection_init →
// connection_ack, subscribe) to serve the same clients as opsloop, and broadcasting a given frame
// to every subscriber: POST /publish with the frame as the body (the bench sends a frame the
// size of opsloop's). No GraphQL, no database.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { readBody } from './auth.js';

const subscribers = new Set<WebSocket>();

const server = createServer(async (request, response) => {
  if (request.url === '/healthz') return response.end('{"status":"ok"}');
  if (request.url === '/publish' && request.method === 'POST') {
    const frame = (await readBody(request)).toString('utf8');
    response.end(JSON.stringify({ subscribers: subscribers.size }));
    for (const socket of subscribers) socket.send(frame);
    return;
  }
  response.statusCode = 404;
  response.end();
});

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string };
    if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (message.type === 'subscribe') subscribers.add(socket);
  });
  socket.on('close', () => subscribers.delete(socket));
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  for (const socket of wss.clients) socket.terminate();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
