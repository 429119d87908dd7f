// A real OpenID provider (oidc-provider, ESM-only, hence run as a process of its own beside the
// test) on a free port of 127.0.0.1. Its settings come in OIDC_TEST_CONFIG as JSON:
// { clientId, clientSecret, redirectUri, accounts: { <login name>: { email, email_verified } } }.
// Its login form takes any password; the login name chooses the fictional account. It prints
// one line, {"issuer": "..."}, once it listens.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uris: [config.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  // Every authorisation request must carry a PKCE challenge (S256): one without it is refused.
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  // The email claims in the ID token itself, as the product reads them first.
  conformIdTokenClaims: false,
  cookies: { keys: ['a-cookie-key-for-the-test-provider-only'] },
  findAccount: (_ctx, id) => {
    const account = config.accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: () => ({ sub: id, ...account }) };
  },
});
// Quiet: the provider's own warnings (development interactions, plain http) are expected here.
provider.on('server_error', (_ctx, error) => process.stderr.write(`${error.stack}\n`));
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
