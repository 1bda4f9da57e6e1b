#!/usr/bin/env node
// A real OAuth 2.0 authorization server on loopback, for tests and the demo (oidc-provider 9).
// Client credentials grant (/token), RFC 7009 revocation (/token/revocation) and RFC 7662
// introspection (/token/introspection). Access tokens are opaque and kept in memory, or with --store FILE in
// that file (file-adapter.mjs), so a server stopped and started again on the same --port knows its tokens.
//
//   node tools/oauth-server/server.mjs [--port N] [--clients FILE] [--ttl SECONDS] [--scopes "a b"] [--store FILE] [--verbose]
//
// Environment fallbacks: OAUTH_PORT, OAUTH_CLIENTS_FILE, OAUTH_TOKEN_TTL, OAUTH_SCOPES.
// --port 0 (the default) picks a free port. Once listening, prints exactly one line to stdout:
//   LISTENING http://127.0.0.1:<port>
// and nothing else there. Stops on SIGTERM or SIGINT.
// Requested scopes outside --scopes (and the clients' own `scope` values) are silently dropped.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HOST = '127.0.0.1';

function fail(message) {
  process.stderr.write(`oauth-server: ${message}\n`);
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        clients: { type: 'string' },
        ttl: { type: 'string' },
        scopes: { type: 'string' },
        store: { type: 'string' },
        verbose: { type: 'boolean' },
      },
    }));
  } catch (err) {
    fail(err.message);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const port = Number(values.port ?? process.env.OAUTH_PORT ?? 0);
  const ttl = Number(values.ttl ?? process.env.OAUTH_TOKEN_TTL ?? 3600);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port: ${values.port}`);
  if (!Number.isInteger(ttl) || ttl <= 0) fail(`invalid ttl: ${values.ttl}`);
  const clientsFile = values.clients ?? process.env.OAUTH_CLIENTS_FILE ?? join(here, 'clients.json');
  const scopes = (values.scopes ?? process.env.OAUTH_SCOPES ?? 'api:read api:write').split(' ').filter(Boolean);
  return { port, ttl, clientsFile, scopes, store: values.store, verbose: values.verbose === true };
}

function loadClients(file) {
  let clients;
  try {
    clients = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`cannot read clients file ${file}: ${err.message}`);
  }
  if (!Array.isArray(clients) || clients.some((c) => typeof c?.client_id !== 'string')) {
    fail(`clients file ${file} must hold a JSON array of client metadata objects with client_id`);
  }
  return clients;
}

// In-memory signing key generated per run (only used if something asks for a signed artifact);
// passing it avoids oidc-provider's development-keys warning.
function signingKeys() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'rs256' }] };
}

function configuration({ ttl, clients, scopes, errors, adapter }) {
  const clientScopes = clients.flatMap((c) => (typeof c.scope === 'string' ? c.scope.split(' ') : []));
  return {
    ...(adapter ? { adapter } : {}),
    clients,
    scopes: [...new Set([...scopes, ...clientScopes])].filter(Boolean),
    jwks: signingKeys(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // RFC 7662: any authenticated confidential client may introspect any token (tests use 'auditor').
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, client) => client.clientAuthMethod !== 'none',
      },
      // RFC 7009 §2.1: only the client the token was issued to may revoke it; others get
      // 400 invalid_request "client is not authorized to revoke the presented token".
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId !== client.clientId) {
            throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
          }
          return true;
        },
      },
      // Enabled by default in v9. Without a `resource` parameter no resource server is chosen and the
      // client-credentials token stays opaque, which is what we want.
      resourceIndicators: { enabled: true, defaultResource: () => undefined },
    },
    ttl: {
      ClientCredentials: ttl,
      AccessToken: ttl,
    },
    // No accounts: only the client credentials grant is used.
    findAccount: () => undefined,
  };
}

const options = parseOptions();
const clients = loadClients(options.clientsFile);

// oidc-provider warns on Node 20 ("Unsupported runtime") and about its in-memory adapter, which is
// exactly what a throwaway test server wants. Drop those startup warnings unless --verbose.
const consoleWarn = console.warn;
if (!options.verbose) {
  console.warn = (...args) => {
    if (!String(args[0]).startsWith('oidc-provider WARNING:')) consoleWarn(...args);
  };
}
const { Provider, errors } = await import('oidc-provider');
const adapter = options.store ? (await import('./file-adapter.mjs')).fileAdapter(options.store) : undefined;

const server = createServer();
server.listen(options.port, HOST);
await new Promise((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
}).catch((err) => fail(`cannot listen on ${HOST}:${options.port}: ${err.message}`));

const issuer = `http://${HOST}:${server.address().port}`;
const provider = new Provider(issuer, configuration({ ...options, clients, errors, adapter }));
console.warn = consoleWarn;
provider.on('server_error', (_ctx, err) => process.stderr.write(`oauth-server: server_error: ${err.stack}\n`));
server.on('request', provider.callback());

process.stdout.write(`LISTENING ${issuer}\n`);

// Everything lives in memory, or was written to --store before its response: nothing to flush, so stop at once.
function stop() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
