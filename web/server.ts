/**
 * The web side of the bot (SPEC "The desk"): read-only board pages on `HGJ_HTTP_PORT`, computed
 * from the store at each request.
 *
 * node:http rather than a framework: there are two routes, both GET, no body to parse, no
 * sessions, no templates to load; a framework would add a dependency and some MB of RSS to the
 * bot (issue 14 counts them) for a routing table of three regular expressions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultPublicUrl } from '../core/board/link.js';
import { areaById } from '../db/areas.js';
import { boardNoticeImage, boardOwnerOf } from '../db/board.js';
import type { Db } from '../db/client.js';
import { compoundById } from '../db/compounds.js';
import { areaBoard, compoundBoard } from './board-data.js';
import { methodNotAllowedPage, notFoundPage, renderBoard } from './render.js';

export interface BoardServerLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BoardServerDeps {
  db: Db;
  tz: string;
  now: () => number;
  log: BoardServerLogger;
  /** 0: a free port. */
  port: number;
  /** Where to listen; all interfaces when absent (the sandbox passes 127.0.0.1). */
  host?: string;
  /** The address members open; `http://localhost:<port>` when null. */
  publicUrl: string | null;
}

/** The port could not be opened (taken, or not allowed): the bot does not start. */
export class BoardPortError extends Error {
  override name = 'BoardPortError';
}

export interface BoardServer {
  /** The port listened on (the one chosen, for port 0). */
  port: number;
  /** The public address links are made under. */
  publicUrl: string;
  close(): Promise<void>;
}

/** "/b/<token>" and "/b/<token>/notice/<id>.png"; a token is 22 base64url characters. */
const PAGE = /^\/b\/([A-Za-z0-9_-]{16,64})\/?$/;
const NOTICE_IMAGE = /^\/b\/([A-Za-z0-9_-]{16,64})\/notice\/(\d{1,12})\.png$/;

/** Headers of every answer: the token is in the URL, so no page sends it on as a referrer. */
const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/** A notice's picture never changes once made (a new notice is a new id): a phone keeps it. */
const IMAGE_CACHE = 'private, max-age=2592000, immutable';

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': type,
    'Content-Length': String(data.length),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}

const HTML = 'text/html; charset=utf-8';

export async function handleBoardRequest(
  deps: Pick<BoardServerDeps, 'db' | 'tz' | 'now'>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(req, res, 405, HTML, methodNotAllowedPage(), { Allow: 'GET, HEAD' });
    return;
  }
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const notFound = () => send(req, res, 404, HTML, notFoundPage(), { 'Cache-Control': 'no-store' });
  const image = NOTICE_IMAGE.exec(path);
  const token = image?.[1] ?? PAGE.exec(path)?.[1];
  if (token === undefined) return notFound();
  const owner = await boardOwnerOf(deps.db, token);
  if (owner === null) return notFound();
  const now = deps.now();

  if (image) {
    if (owner.ownerKind !== 'compound') return notFound();
    const found = await boardNoticeImage(deps.db, owner.ownerId, Number(image[2]));
    if (found === null) return notFound();
    const etag = `"n${image[2]}-${found.createdAt}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ...COMMON_HEADERS, ETag: etag, 'Cache-Control': IMAGE_CACHE });
      res.end();
      return;
    }
    send(req, res, 200, 'image/png', found.image, {
      'Cache-Control': IMAGE_CACHE,
      ETag: etag,
      'Last-Modified': new Date(found.createdAt).toUTCString(),
    });
    return;
  }

  let html: string | null = null;
  if (owner.ownerKind === 'compound') {
    const compound = await compoundById(deps.db, owner.ownerId);
    if (compound) html = renderBoard(await compoundBoard(deps.db, compound, now, deps.tz));
  } else {
    const area = await areaById(deps.db, owner.ownerId);
    if (area) html = renderBoard(await areaBoard(deps.db, area, now, deps.tz));
  }
  if (html === null) return notFound();
  // Computed from the store at each request: a phone asks again rather than show stale tickets.
  send(req, res, 200, HTML, html, { 'Cache-Control': 'no-cache' });
}

/** Starts serving; resolves once the port is open. */
export async function startBoardServer(deps: BoardServerDeps): Promise<BoardServer> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    handleBoardRequest(deps, req, res).catch((error: unknown) => {
      deps.log.error({ err: error, url: req.url?.replace(/\/b\/[^/]+/, '/b/…') }, 'board page failed');
      if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', '出错了, 请稍后再试。');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException) => {
      // One line for whoever starts the bot, naming the variable (as a bad config does).
      const why =
        error.code === 'EADDRINUSE' ? '已被占用' : error.code === 'EACCES' ? '没有权限使用' : '打不开';
      reject(
        new BoardPortError(
          `公示页端口 ${deps.port} ${why} (HGJ_HTTP_PORT; the board pages' port: ${error.code ?? error.message})`,
        ),
      );
    };
    server.once('error', refused);
    server.listen(deps.port, deps.host, () => {
      server.off('error', refused);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl = deps.publicUrl ?? defaultPublicUrl(port);
  deps.log.info({ port, publicUrl }, 'board pages served');
  return {
    port,
    publicUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold the port open past the stop.
        for (const s of sockets) s.destroy();
      }),
  };
}
