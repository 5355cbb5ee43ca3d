/**
 * A local stand-in for the GitHub REST API (issue comments only), reached through GITHUB_API_URL
 * exactly as on a runner. It records every request so tests can assert what was sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: any;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  comments: Array<{ id: number; issue: number; body: string }>;
  close(): Promise<void>;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  const comments: FakeGitHub['comments'] = [];
  let nextId = 1000;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (!req.headers.authorization?.startsWith('Bearer ')) return send(401, { message: 'Bad credentials' });
    let m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const all = comments.filter((c) => c.issue === Number(m![1]));
      return send(200, all.slice((page - 1) * perPage, page * perPage).map((c) => ({ id: c.id, body: c.body })));
    }
    if (m && req.method === 'POST') {
      const c = { id: nextId++, issue: Number(m[1]), body: body.body };
      comments.push(c);
      return send(201, { id: c.id, body: c.body });
    }
    m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (m && req.method === 'PATCH') {
      const c = comments.find((x) => x.id === Number(m![1]));
      if (!c) return send(404, { message: 'Not Found' });
      c.body = body.body;
      return send(200, { id: c.id, body: c.body });
    }
    send(404, { message: 'Not Found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    comments,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
