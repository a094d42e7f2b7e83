/**
 * A stand-in for the company's identity provider, for the quick start and the tests: oidc-provider (a certified
 * OpenID Provider) in-process on its own loopback port, with a login page of its own. It knows accounts by
 * email (LocalIdpAccounts) and signs them in with one shared demo password shown on its page; the app talks to
 * it exactly as to Entra ID, Okta or Google (discovery, code flow with PKCE, signed ID tokens, end-session).
 * Never started on AWS (app/runtime/primary.server.ts starts it only in local mode). Its pages are in the browser's
 * language (the app's `lang` cookie, which the browser sends here too as the host is the same, else
 * Accept-Language; catalogue area `localIdp`); the error texts oidc-provider itself writes stay English.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Configuration } from 'oidc-provider';
import type { IntlShape } from 'react-intl';
import { catalogue } from '~/i18n/catalogue.server';
import { browserLanguage } from '~/i18n/locale.server';

export interface LocalIdpAccount {
  /** The provider's stable id for the person (not the app's employee id: a real provider has its own). */
  subject: string;
  email: string;
  givenName: string;
  familyName: string;
  /** Default true; false stands for an address the provider has not verified. */
  emailVerified?: boolean;
}

export interface LocalIdpAccounts {
  findByEmail(email: string): Promise<LocalIdpAccount | null>;
  findBySubject(subject: string): Promise<LocalIdpAccount | null>;
}

export interface LocalIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Seconds an ID token issued to this client is valid (default one hour). */
  idTokenTtlSeconds?: number;
}

export interface LocalIdp {
  issuer: string;
  /** The address it listens on (the issuer's, unless a test put something in between). */
  url: string;
  stop(): Promise<void>;
}

/** The one password of every account of the stand-in, printed on its login page: it guards nothing real. */
export const LOCAL_IDP_PASSWORD = 'local-sso-demo-2026';

const htmlEscape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The stand-in's own icon (a key, in its button colour), so that its tab is told apart from the app's and the
 * browser's automatic /favicon.ico request is not a 404 in the console.
 */
export const LOCAL_IDP_FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#5b3cc4"/>' +
  '<circle cx="12" cy="16" r="5" fill="none" stroke="#fff" stroke-width="3"/>' +
  '<path d="M17 16h10M23 16v4M26 16v3" fill="none" stroke="#fff" stroke-width="3"/></svg>';
const FAVICON_PATHS = new Set(['/favicon.svg', '/favicon.ico']);

/** The formatter for the language a request to the stand-in asks for (its cookie, else its Accept-Language). */
function intlFor(headers: http.IncomingHttpHeaders): IntlShape {
  const asked = new Headers();
  for (const name of ['cookie', 'accept-language']) {
    const value = headers[name];
    if (typeof value === 'string') asked.set(name, value);
  }
  return catalogue(browserLanguage(new Request('http://local-idp.invalid/', { headers: asked }))).intl;
}

/** A message with its arguments escaped; the message's own text is ours, from the catalogue. */
function say(intl: IntlShape, id: string, values: Record<string, string> = {}): string {
  const escaped = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, htmlEscape(value)]));
  return intl.formatMessage({ id }, escaped);
}

function page(intl: IntlShape, title: string, body: string): string {
  return `<!doctype html><html lang="${htmlEscape(intl.locale)}"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font-family:system-ui,sans-serif;background:#eef2f7;margin:0;padding:3rem 1rem;color:#1d2733}
main{max-width:24rem;margin:auto;background:#fff;border-radius:10px;padding:1.5rem 2rem;box-shadow:0 2px 8px #0002}
h1{font-size:1.3rem}label{display:block;margin-top:.8rem;font-weight:600}input{width:100%;box-sizing:border-box;
padding:.5rem;font:inherit;margin-top:.25rem}button{margin-top:1.2rem;width:100%;padding:.6rem;font:inherit;font-weight:600;
background:#5b3cc4;color:#fff;border:0;border-radius:6px;cursor:pointer}.muted{color:#5a6573;font-size:.9rem}
.error{background:#fde8e8;color:#8a1c1c;padding:.6rem;border-radius:6px}</style></head>
<body><main><p class="muted">${say(intl, 'localIdp.standIn')}</p>${body}</main></body></html>`;
}

function loginPage(
  intl: IntlShape,
  uid: string,
  clientName: string,
  options: { email?: string; wrongPassword?: boolean },
): string {
  // The password is set in <code>, after the sentence around it is escaped.
  const marker = '\u0000';
  const demoPassword = say(intl, 'localIdp.signIn.demoPassword', { password: marker }).replace(
    marker,
    `<code>${LOCAL_IDP_PASSWORD}</code>`,
  );
  return page(
    intl,
    say(intl, 'localIdp.signIn.pageTitle'),
    `<h1>${say(intl, 'localIdp.signIn.title', { client: clientName })}</h1>
${options.wrongPassword ? `<p class="error" role="alert">${say(intl, 'localIdp.signIn.wrong')}</p>` : ''}
<form method="post" action="/interaction/${htmlEscape(uid)}">
<label for="email">${say(intl, 'localIdp.signIn.email')}</label><input id="email" name="email" type="email" autocomplete="username" required value="${htmlEscape(options.email ?? '')}">
<label for="password">${say(intl, 'localIdp.signIn.password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p class="muted">${say(intl, 'localIdp.signIn.receives', { client: clientName })}</p>
<button type="submit">${say(intl, 'localIdp.signIn.submit')}</button></form>
<p class="muted">${demoPassword}</p>
<p class="muted"><a href="/interaction/${htmlEscape(uid)}/abort">${say(intl, 'localIdp.signIn.cancel')}</a></p>`,
  );
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startLocalIdp(options: {
  /** 0: any free port. */
  port: number;
  /** The issuer URL, when something (a test's proxy) sits in front of the listening port. */
  issuer?: string;
  clients: LocalIdpClient[];
  accounts: LocalIdpAccounts;
}): Promise<LocalIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.issuer ?? url;
  const ttlByClient = new Map(options.clients.map((client) => [client.clientId, client.idTokenTtlSeconds ?? 3600]));
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_name: 'XYZ People',
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    async findAccount(_ctx, subject) {
      const account = await options.accounts.findBySubject(subject);
      if (!account) return undefined;
      return {
        accountId: subject,
        async claims() {
          return {
            sub: subject,
            email: account.email,
            email_verified: account.emailVerified ?? true,
            given_name: account.givenName,
            family_name: account.familyName,
            name: `${account.givenName} ${account.familyName}`,
          };
        },
      };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
    },
    // The claims of the requested scopes go in the ID token itself, as Entra ID, Okta and Google do.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...signingKey, kid: 'local-1', alg: 'RS256', use: 'sig' }] },
    ttl: {
      IdToken: (_ctx, _token, client) => ttlByClient.get(client.clientId) ?? 3600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    renderError(ctx, out) {
      const intl = intlFor(ctx.req.headers);
      ctx.type = 'html';
      // The description is oidc-provider's own English text.
      ctx.body = page(
        intl,
        say(intl, 'localIdp.error.pageTitle'),
        `<h1>${say(intl, 'localIdp.error.title')}</h1><p class="error">${htmlEscape(String(out.error_description ?? out.error))}</p>`,
      );
    },
  };
  // Loaded here, not at the top: the server's bundle is one module graph, so a top-level import ran in every HTTP
  // worker, and oidc-provider prints "WARNING: Unsupported runtime" on Node 20 as it loads. Only the primary, in
  // local mode, ever starts this provider.
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, configuration);
  const handleProvider = provider.callback();

  async function handleInteraction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const path = new URL(req.url ?? '/', url).pathname;
    if (path.endsWith('/abort')) {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Sign-in cancelled' });
      return;
    }
    const intl = intlFor(req.headers);
    const client = await provider.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? intl.formatMessage({ id: 'localIdp.theApplication' });
    if (req.method !== 'POST') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(loginPage(intl, details.uid, clientName, {}));
      return;
    }
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim().toLowerCase().slice(0, 254);
    const account = email ? await options.accounts.findByEmail(email) : null;
    if (!account || form.get('password') !== LOCAL_IDP_PASSWORD) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(loginPage(intl, details.uid, clientName, { email, wrongPassword: true }));
      return;
    }
    // The sign-in page says what the application receives; pressing its button is the consent.
    const grant = new provider.Grant({ accountId: account.subject, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.subject }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  server.on('request', (req, res) => {
    if (FAVICON_PATHS.has((req.url ?? '/').split('?')[0]!)) {
      // Browsers accept an SVG at /favicon.ico too: one picture, whichever address they ask.
      res
        .writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' })
        .end(req.method === 'HEAD' ? undefined : LOCAL_IDP_FAVICON_SVG);
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      handleInteraction(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          const intl = intlFor(req.headers);
          res
            .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
            .end(
              page(
                intl,
                say(intl, 'localIdp.error.pageTitle'),
                `<p class="error">${say(intl, 'localIdp.expired', { detail: String((error as Error).message) })}</p>`,
              ),
            );
        }
      });
      return;
    }
    void handleProvider(req, res);
  });

  return {
    issuer,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function logoutSource(ctx: { body: unknown; req: http.IncomingMessage }, form: string): Promise<void> {
  const intl = intlFor(ctx.req.headers);
  ctx.body = page(
    intl,
    say(intl, 'localIdp.signOut.pageTitle'),
    `<h1>${say(intl, 'localIdp.signOut.title')}</h1>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${say(intl, 'localIdp.signOut.yes')}</button>
<button type="submit" form="op.logoutForm">${say(intl, 'localIdp.signOut.no')}</button>`,
  );
}

async function postLogoutSuccessSource(ctx: { body: unknown; req: http.IncomingMessage }): Promise<void> {
  const intl = intlFor(ctx.req.headers);
  ctx.body = page(intl, say(intl, 'localIdp.signedOut.pageTitle'), `<h1>${say(intl, 'localIdp.signedOut.title')}</h1>`);
}
