// What is left of CSRF protection once authentication is a bearer token (README "Calling the API"):
// a cross-site page can make a browser send a request, but it cannot attach the victim's
// Authorization header, and anonymous operations read and change nothing. So no preflight header
// is required (urql's GET queries, Apollo and graphql-request work with their defaults). Two rules
// stay, because they cost no client anything and keep a cross-site "simple request" from ever
// running a mutation should a proxy in front of us one day turn a cookie into that header:
// - mutations never run over GET (yoga: 405, METHOD_NOT_ALLOWED; GET must also be safe for caches);
// - a POST body must be JSON: the content types an HTML form or a no-preflight fetch can send
//   (form-urlencoded, multipart, text/plain) are refused with 415, UNSUPPORTED_MEDIA_TYPE.
import type { Plugin } from 'graphql-yoga';

/** application/json, and the GraphQL-over-HTTP media types that are JSON (charset allowed). */
const JSON_BODY = /^application\/(graphql(-response)?\+)?json\s*(;|$)/i;

export function isJsonContentType(type: string | undefined): boolean {
  return JSON_BODY.test(type ?? '');
}

export function useJsonBodiesOnly(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const type = request.headers.get('content-type') ?? '';
      if (JSON_BODY.test(type)) return;
      const message = `POST bodies must be application/json (got ${type ? JSON.stringify(type.slice(0, 80)) : 'no content-type'}); queries may also use GET`;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] }), {
          status: 415,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
