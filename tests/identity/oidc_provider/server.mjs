// A real OpenID Connect provider (panva/oidc-provider, OpenID Certified) for
// Duban's single sign-on tests. Test-only: it listens on loopback, keeps
// everything in memory and knows the accounts given in OIDC_ACCOUNTS.
//
//   OIDC_PORT=0 OIDC_CLIENT_ID=duban OIDC_CLIENT_SECRET=… \
//   OIDC_REDIRECT_URI=http://testserver/sso/oidc/callback/ \
//   OIDC_POST_LOGOUT_URI=http://testserver/login/ \
//   OIDC_ACCOUNTS='{"zhangsan": {"password": "…", "name": "张三", "email": "…"}}' \
//   node server.mjs            # prints "READY <port>" once listening
import crypto from 'node:crypto';
import http from 'node:http';
import querystring from 'node:querystring';

import Provider from 'oidc-provider';

const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');
const port = Number(process.env.OIDC_PORT || 0);

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'duban-test', use: 'sig', alg: 'RS256' };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>统一身份认证</title></head><body>${body}</body></html>`);
}

function loginForm(res, uid, error) {
  page(res, error ? 401 : 200, `
    <h1>统一身份认证平台</h1>${error ? `<p class="error">${escape(error)}</p>` : ''}
    <form method="post" action="/interaction/${escape(uid)}/login">
      <input name="login" autocomplete="username"><input name="password" type="password">
      <button type="submit">登录</button>
    </form>`);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return querystring.parse(Buffer.concat(chunks).toString('utf8'));
}

function startServer(issuer, server) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      post_logout_redirect_uris: [process.env.OIDC_POST_LOGOUT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [signingKey] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: account.sub || id, preferred_username: id, name: account.name, email: account.email };
        },
      };
    },
  });
  provider.proxy = false;
  const callback = provider.callback();

  server.on('request', async (req, res) => {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        if (req.method !== 'POST') return loginForm(res, details.uid);
        const form = await readForm(req);
        const account = accounts[form.login];
        if (!account || account.password !== form.password) {
          return loginForm(res, details.uid, '用户名或密码错误');
        }
        return await provider.interactionFinished(req, res, { login: { accountId: form.login } }, { mergeWithLastSubmission: false });
      }
      // A first-party application: consent is given by the organisation.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
      if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
      const grantId = await grant.save();
      return await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } catch (error) {
      return page(res, 400, `<p class="error">${escape(error.message)}</p>`);
    }
  });
}

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const actual = server.address().port;
  startServer(`http://127.0.0.1:${actual}`, server);
  process.stdout.write(`READY ${actual}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
