// GraphiQL without a CDN: yoga's self-contained build (@graphql-yoga/render-graphiql, ~9 MB of
// inline script) is split into a small page and two content-hashed assets, served compressed and
// cacheable for a year. The package is loaded on the first GraphiQL request, never at start.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { HttpRoute } from './routes.js';

export const GRAPHIQL_ASSETS_PATH = '/graphiql-assets/';

interface Asset {
  type: string;
  raw: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

interface Build {
  scriptPath: string;
  stylePath: string;
  faviconPath: string;
  assets: Map<string, Asset>;
}

let loading: Promise<Build> | undefined;

/** The GraphiQL build, read once per process (immutable package content, not server state). */
function graphiqlBuild(): Promise<Build> {
  loading ??= (async () => {
    const { js, css, favicon, editorWorkerService, jsonWorker, graphqlWorker } = await import('@graphql-yoga/render-graphiql/graphiql');
    const script = `(function () {
  function prepareBlob(workerContent) { return URL.createObjectURL(new Blob([workerContent], { type: 'application/javascript' })); }
  var workers = { editorWorkerService: prepareBlob(${JSON.stringify(editorWorkerService)}), json: prepareBlob(${JSON.stringify(jsonWorker)}), graphql: prepareBlob(${JSON.stringify(graphqlWorker)}) };
  self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: function (moduleId, label) { return workers[label]; } };
})();
${js};
YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), JSON.parse(document.getElementById('graphiql-options').textContent));`;
    const assets = new Map<string, Asset>();
    const add = (extension: string, type: string, content: string | Buffer) => {
      const raw = Buffer.from(content);
      const name = `graphiql.${createHash('sha256').update(raw).digest('hex').slice(0, 16)}.${extension}`;
      assets.set(name, { type, raw });
      return `${GRAPHIQL_ASSETS_PATH}${name}`;
    };
    // The favicon comes as a data: URI of ~150 kB; as a file it is cached like the rest.
    const icon = /^data:([^;,]+);base64,(.*)$/s.exec(String(favicon));
    const faviconPath = icon ? add('ico', icon[1]!, Buffer.from(icon[2]!, 'base64')) : String(favicon);
    return { scriptPath: add('js', 'text/javascript; charset=utf-8', script), stylePath: add('css', 'text/css; charset=utf-8', css), faviconPath, assets };
  })();
  return loading;
}

/** yoga's `renderGraphiQL`: the page that loads the assets. */
export async function renderGraphiQLPage(options: Record<string, unknown>): Promise<string> {
  const build = await graphiqlBuild();
  const title = String(options.title ?? 'GraphiQL').replace(/[<>&"]/g, '');
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="${build.faviconPath}" />
    <link rel="stylesheet" href="${build.stylePath}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options">${json}</script>
    <script src="${build.scriptPath}"></script>
  </body>
</html>
`;
}

/** Picks br or gzip from Accept-Encoding; compresses once per asset and encoding. */
function encoded(asset: Asset, acceptEncoding: string | undefined): { body: Buffer; encoding?: string } {
  const accepts = (name: string) => new RegExp(`(^|,)\\s*${name}\\s*(;\\s*q=(?!0(\\.0*)?\\s*(,|$))[0-9.]+)?\\s*(,|$)`).test(acceptEncoding ?? '');
  if (accepts('br')) {
    asset.br ??= brotliCompressSync(asset.raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } });
    return { body: asset.br, encoding: 'br' };
  }
  if (accepts('gzip')) {
    asset.gzip ??= gzipSync(asset.raw, { level: 6 });
    return { body: asset.gzip, encoding: 'gzip' };
  }
  return { body: asset.raw };
}

async function serveAsset(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice(GRAPHIQL_ASSETS_PATH.length);
  const asset = (await graphiqlBuild()).assets.get(name);
  if (!asset) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  const { body, encoding } = encoded(asset, request.headers['accept-encoding'] as string | undefined);
  response.writeHead(200, {
    'content-type': asset.type,
    'content-length': body.length,
    'cache-control': 'public, max-age=31536000, immutable',
    vary: 'accept-encoding',
    ...(encoding ? { 'content-encoding': encoding } : {}),
  });
  response.end(body);
}

/** GET /graphiql-assets/<name>: the hashed GraphiQL script and style. */
export function graphiqlAssetsRoute(): HttpRoute {
  return { method: 'GET', path: GRAPHIQL_ASSETS_PATH, prefix: true, handle: (request, _body, response) => serveAsset(request, response) };
}
