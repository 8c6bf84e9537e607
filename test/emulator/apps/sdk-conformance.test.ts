/**
 * Okta's own Node SDK drives the emulator's Apps API: apps of every sign-on mode with the
 * credentials each implies, get, list (q, filter, paging), replace, lifecycle and delete, and a
 * client-secret service app getting a client_credentials token at the default authorization server.
 */
import okta from '@okta/okta-sdk-nodejs';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrg, TOKEN, type TestOrg } from '../helpers.js';
import { errorOf, all } from '../okta-sdk-results.js';

let org: TestOrg;
let client: okta.Client;

// The SDK's request types are unions of every app model; a scenario passes the JSON Okta documents.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- app bodies of every mode
const create = (application: Loose, activate?: boolean): Promise<Loose> =>
  client.applicationApi.createApplication({ application: application as never, ...(activate === undefined ? {} : { activate }) }) as Promise<Loose>;
const get = (appId: string): Promise<Loose> => client.applicationApi.getApplication({ appId }) as Promise<Loose>;

beforeAll(async () => {
  org = await startTestOrg();
  client = new okta.Client({ orgUrl: org.url, token: TOKEN });
});
afterAll(() => org.close());

describe('apps of every sign-on mode through the Okta SDK', () => {
  it('creates a bookmark app, ACTIVE, with its dashboard link and _links', async () => {
    const app = await create({ name: 'bookmark', label: 'Team Wiki', signOnMode: 'BOOKMARK', settings: { app: { requestIntegration: false, url: 'https://wiki.example.com/' } } });
    expect(app).toMatchObject({ name: 'bookmark', label: 'Team Wiki', signOnMode: 'BOOKMARK', status: 'ACTIVE', settings: { app: { url: 'https://wiki.example.com/', requestIntegration: false } } });
    expect(app.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    expect(app.visibility.appLinks).toEqual({ bookmark_link: true });
    expect(app.credentials.userNameTemplate).toEqual({ template: '${source.login}', type: 'BUILT_IN' });
    expect(app._links.self.href).toBe(`${org.url}/api/v1/apps/${app.id}`);
    expect(app._links.deactivate.href).toBe(`${org.url}/api/v1/apps/${app.id}/lifecycle/deactivate`);
    expect(app._links.users.href).toBe(`${org.url}/api/v1/apps/${app.id}/users`);
    expect(app._links.groups.href).toBe(`${org.url}/api/v1/apps/${app.id}/groups`);
    expect(app._links.appLinks[0]).toMatchObject({ name: 'bookmark_link', type: 'text/html' });
    const again = await get(app.id);
    expect(again).toMatchObject({ id: app.id, label: 'Team Wiki', status: 'ACTIVE' });
  });

  it('creates BASIC_AUTH and AUTO_LOGIN apps with the password scheme; AUTO_LOGIN gets an org-made name', async () => {
    const basic = await create({ name: 'template_basic_auth', label: 'Legacy Portal', signOnMode: 'BASIC_AUTH', settings: { app: { url: 'https://legacy.example.com/', authURL: 'https://legacy.example.com/login' } } });
    expect(basic).toMatchObject({ name: 'template_basic_auth', signOnMode: 'BASIC_AUTH', credentials: { scheme: 'EDIT_USERNAME_AND_PASSWORD', revealPassword: false } });
    expect(basic.settings.app).toEqual({ url: 'https://legacy.example.com/', authURL: 'https://legacy.example.com/login' });

    const swa = await create({ label: 'Payroll', signOnMode: 'AUTO_LOGIN', settings: { signOn: { loginUrl: 'https://payroll.example.com/login', redirectUrl: 'https://payroll.example.com/' } } });
    expect(swa).toMatchObject({ signOnMode: 'AUTO_LOGIN', status: 'ACTIVE', credentials: { scheme: 'EDIT_USERNAME_AND_PASSWORD' }, settings: { signOn: { loginUrl: 'https://payroll.example.com/login' } } });
    expect(swa.name).toMatch(/^[a-z0-9_]+$/);
    expect(swa.visibility.appLinks).toEqual({ [`${swa.name}_link`]: true });

    const missing = await errorOf(create({ name: 'template_basic_auth', label: 'No URL', signOnMode: 'BASIC_AUTH', settings: { app: {} } }));
    expect([missing.status, missing.errorCode]).toEqual([400, 'E0000001']);
    expect(missing.errorCauses.map((cause) => cause.errorSummary).join(' ')).toMatch(/url/);
  });

  it('creates SAML_2_0 and WS_FEDERATION apps with a signing key and, for SAML, a metadata link', async () => {
    const saml = await create({
      label: 'Expenses SAML',
      signOnMode: 'SAML_2_0',
      visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
      settings: {
        signOn: {
          ssoAcsUrl: 'https://expenses.example.com/saml/acs',
          audience: 'https://expenses.example.com/saml/metadata',
          recipient: 'https://expenses.example.com/saml/acs',
          destination: 'https://expenses.example.com/saml/acs',
          subjectNameIdTemplate: '${user.userName}',
          subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
          responseSigned: true,
          assertionSigned: true,
          signatureAlgorithm: 'RSA_SHA256',
          digestAlgorithm: 'SHA256',
          honorForceAuthn: true,
          authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
          attributeStatements: [{ type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: ['user.email'] }],
        },
      },
    });
    expect(saml).toMatchObject({ signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: 'https://expenses.example.com/saml/acs', assertionSigned: true } } });
    expect(saml.settings.signOn.attributeStatements[0]).toMatchObject({ name: 'email', values: ['user.email'] });
    expect(saml.credentials.signing.kid).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(saml._links.metadata.href).toBe(`${org.url}/api/v1/apps/${saml.id}/sso/saml/metadata`);

    const wsfed = await create({
      name: 'template_wsfed',
      label: 'SharePoint',
      signOnMode: 'WS_FEDERATION',
      settings: { app: { audienceRestriction: 'urn:sharepoint', groupName: null, groupValueFormat: 'windowsDomainQualifiedName', realm: 'urn:sharepoint', wReplyURL: 'https://sp.example.com/_trust/', attributeStatements: null, nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport', siteURL: 'https://sp.example.com', wReplyOverride: false, groupFilter: null, usernameAttribute: 'username' } },
    });
    expect(wsfed).toMatchObject({ name: 'template_wsfed', signOnMode: 'WS_FEDERATION', settings: { app: { realm: 'urn:sharepoint', wReplyURL: 'https://sp.example.com/_trust/' } } });
    expect(wsfed.credentials.signing.kid).toBeTruthy();

    const noAcs = await errorOf(create({ label: 'Bad SAML', signOnMode: 'SAML_2_0', settings: { signOn: { audience: 'x' } } }));
    expect(noAcs.errorCode).toBe('E0000001');
  });

  it('creates OIDC web apps with generated secrets for client_secret_basic and client_secret_post', async () => {
    const web = await create({
      name: 'oidc_client',
      label: 'Web Portal',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
      settings: { oauthClient: { application_type: 'web', redirect_uris: ['https://portal.example.com/callback'], post_logout_redirect_uris: ['https://portal.example.com/'], response_types: ['code'], grant_types: ['authorization_code', 'refresh_token'] } },
    });
    expect(web).toMatchObject({ name: 'oidc_client', signOnMode: 'OPENID_CONNECT', status: 'ACTIVE' });
    expect(web.credentials.oauthClient).toMatchObject({ client_id: web.id, token_endpoint_auth_method: 'client_secret_basic', autoKeyRotation: true, pkce_required: false });
    expect(web.credentials.oauthClient.client_secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(web.credentials.userNameTemplate).toEqual({ template: '${source.login}', type: 'BUILT_IN' });
    expect(web.settings.oauthClient).toMatchObject({ application_type: 'web', redirect_uris: ['https://portal.example.com/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], consent_method: 'REQUIRED', issuer_mode: 'DYNAMIC' });
    expect(web.visibility.appLinks).toEqual({ oidc_client_link: true });

    const post = await create({
      name: 'oidc_client',
      label: 'Reports',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
      settings: { oauthClient: { application_type: 'web', redirect_uris: ['https://reports.example.com/cb'], grant_types: ['authorization_code'], response_types: ['code'] } },
    });
    expect(post.credentials.oauthClient.token_endpoint_auth_method).toBe('client_secret_post');
    expect(post.credentials.oauthClient.client_secret).not.toBe(web.credentials.oauthClient.client_secret);

    const noRedirect = await errorOf(create({ name: 'oidc_client', label: 'x', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { application_type: 'web', grant_types: ['authorization_code'] } } }));
    expect(noRedirect.errorCode).toBe('E0000001');
  });

  it('creates SPA and native apps as public clients (none, PKCE required) without a secret', async () => {
    const spa = await create({
      name: 'oidc_client',
      label: 'Dashboard SPA',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'none', pkce_required: true } },
      settings: { oauthClient: { application_type: 'browser', redirect_uris: ['http://localhost:3000/login/callback'], grant_types: ['authorization_code'], response_types: ['code'] } },
    });
    expect(spa.credentials.oauthClient).toMatchObject({ token_endpoint_auth_method: 'none', pkce_required: true });
    expect(spa.credentials.oauthClient.client_secret).toBeUndefined();

    const native = await create({
      name: 'oidc_client',
      label: 'Mobile',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
      settings: { oauthClient: { application_type: 'native', redirect_uris: ['com.example.mobile:/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] } },
    });
    expect(native.settings.oauthClient.application_type).toBe('native');
    expect(native.credentials.oauthClient).toMatchObject({ token_endpoint_auth_method: 'none', pkce_required: true });

    const spaWithSecret = await errorOf(create({ name: 'oidc_client', label: 'x', signOnMode: 'OPENID_CONNECT', credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } }, settings: { oauthClient: { application_type: 'browser', redirect_uris: ['http://localhost/cb'], grant_types: ['authorization_code'] } } }));
    expect(spaWithSecret.errorCode).toBe('E0000001');
  });

  it('creates a private_key_jwt service app with public keys only', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'svc-key-1' };
    const app = await create({
      name: 'oidc_client',
      label: 'Key Service',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], jwks: { keys: [jwk] } } },
    });
    expect(app.credentials.oauthClient.token_endpoint_auth_method).toBe('private_key_jwt');
    expect(app.credentials.oauthClient.client_secret).toBeUndefined();
    expect(app.settings.oauthClient.jwks.keys[0]).toMatchObject({ kid: 'svc-key-1', kty: 'RSA', n: jwk.n, e: jwk.e });

    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'leaked' };
    const refused = await errorOf(create({ name: 'oidc_client', label: 'y', signOnMode: 'OPENID_CONNECT', credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } }, settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], jwks: { keys: [privateJwk] } } } }));
    expect(refused.errorCode).toBe('E0000001');
    const noKeys = await errorOf(create({ name: 'oidc_client', label: 'z', signOnMode: 'OPENID_CONNECT', credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } }, settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'] } } }));
    expect(noKeys.errorCode).toBe('E0000001');

    // The app signs in at its org's default server with an assertion from its own key.
    await client.authorizationServerApi.createOAuth2Scope({ authServerId: 'default', oAuth2Scope: { name: 'reports:read', consent: 'IMPLICIT' } as never });
    const tokenUrl = `${org.url}/oauth2/default/v1/token`;
    const assertion = await new SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: 'svc-key-1' })
      .setIssuer(app.id)
      .setSubject(app.id)
      .setAudience(tokenUrl)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'reports:read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token_type: string }).token_type).toBe('Bearer');
  });

  it('gets a client_credentials token through a client_secret_basic service app, and not once it is deactivated', async () => {
    const app = await create({
      name: 'oidc_client',
      label: 'Nightly Job',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'] } },
    });
    const { client_id: clientId, client_secret: secret } = app.credentials.oauthClient as { client_id: string; client_secret: string };
    await client.authorizationServerApi.createOAuth2Scope({ authServerId: 'default', oAuth2Scope: { name: 'jobs:run', consent: 'IMPLICIT' } as never });
    const token = (authorization: string) =>
      fetch(`${org.url}/oauth2/default/v1/token`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'jobs:run' }),
      });
    const basic = (id: string, password: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(password)}`).toString('base64')}`;
    const ok = await token(basic(clientId, secret));
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { token_type: string; access_token: string; scope: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'jobs:run', expires_in: 3600 });
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ cid: clientId, sub: clientId, scp: ['jobs:run'], iss: `${org.url}/oauth2/default` });

    const wrong = await token(basic(clientId, `${secret}x`));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_client');

    await client.applicationApi.deactivateApplication({ appId: app.id });
    const inactive = await token(basic(clientId, secret));
    expect(inactive.status).toBe(401);
  });

  it('gets a token through a client_secret_post service app, which may not use Basic', async () => {
    const app = await create({
      name: 'oidc_client',
      label: 'Post Job',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'] } },
    });
    const { client_id: clientId, client_secret: secret } = app.credentials.oauthClient as { client_id: string; client_secret: string };
    const request = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${org.url}/oauth2/default/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'jobs:run', ...body }),
      });
    const ok = await request({ client_id: clientId, client_secret: secret });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { token_type: string }).token_type).toBe('Bearer');
    const viaBasic = await request({}, { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` });
    expect(viaBasic.status).toBe(401);
  });
});

describe('finding, changing and removing apps through the Okta SDK', () => {
  let ids: string[] = [];

  beforeAll(async () => {
    ids = [];
    for (const label of ['Alpha Docs', 'Alpine Wiki', 'Beta Board', 'Gamma Notes', 'Alphabet Soup']) {
      const app = await create({ name: 'bookmark', label, signOnMode: 'BOOKMARK', settings: { app: { url: `https://${label.replace(/\s/g, '').toLowerCase()}.example.com/` } } }, label !== 'Gamma Notes');
      ids.push(app.id);
    }
  });

  it('lists with q (start of name or label), filter and every page', async () => {
    const alp = await all<Loose>(client.applicationApi.listApplications({ q: 'Alp' }));
    expect(alp.map((app) => app.label).sort()).toEqual(['Alpha Docs', 'Alphabet Soup', 'Alpine Wiki']);
    const byName = await all<Loose>(client.applicationApi.listApplications({ q: 'bookmark' }));
    expect(byName.length).toBeGreaterThanOrEqual(5);

    const inactive = await all<Loose>(client.applicationApi.listApplications({ filter: 'status eq "INACTIVE"' }));
    expect(inactive.map((app) => app.label)).toContain('Gamma Notes');
    expect(inactive.every((app) => app.status === 'INACTIVE')).toBe(true);
    const bookmarks = await all<Loose>(client.applicationApi.listApplications({ filter: 'name eq "bookmark"' }));
    expect(bookmarks.every((app) => app.name === 'bookmark')).toBe(true);
    const both = await all<Loose>(client.applicationApi.listApplications({ q: 'Alp', filter: 'status eq "ACTIVE"' }));
    expect(both).toHaveLength(3);

    const paged = await all<Loose>(client.applicationApi.listApplications({ limit: 2 }));
    const everything = await all<Loose>(client.applicationApi.listApplications({}));
    expect(paged.map((app) => app.id)).toEqual(everything.map((app) => app.id));
    expect(new Set(paged.map((app) => app.id)).size).toBe(paged.length);
    for (const id of ids) expect(paged.map((app) => app.id)).toContain(id);

    const badFilter = await errorOf(all(client.applicationApi.listApplications({ filter: 'label eq "x"' })));
    expect([badFilter.status, badFilter.errorCode]).toEqual([400, 'E0000031']);
  });

  it('replaces an app, keeping its id, name and generated credentials', async () => {
    const app = await create({
      name: 'oidc_client',
      label: 'Replace Me',
      signOnMode: 'OPENID_CONNECT',
      settings: { oauthClient: { application_type: 'web', redirect_uris: ['https://replace.example.com/cb'], grant_types: ['authorization_code'], response_types: ['code'] } },
    });
    const replaced = (await client.applicationApi.replaceApplication({
      appId: app.id,
      application: { ...app, label: 'Replaced', settings: { ...app.settings, oauthClient: { ...app.settings.oauthClient, redirect_uris: ['https://replace.example.com/new'] } } } as never,
    })) as Loose;
    expect(replaced).toMatchObject({ id: app.id, name: 'oidc_client', label: 'Replaced', created: app.created });
    expect(replaced.credentials.oauthClient.client_id).toBe(app.credentials.oauthClient.client_id);
    expect(replaced.credentials.oauthClient.client_secret).toBe(app.credentials.oauthClient.client_secret);
    expect(replaced.settings.oauthClient.redirect_uris).toEqual(['https://replace.example.com/new']);
    expect((await get(app.id)).label).toBe('Replaced');

    const bookmark = await get(ids[0]!);
    const renamed = (await client.applicationApi.replaceApplication({ appId: bookmark.id, application: { ...bookmark, label: 'Alpha Documentation' } as never })) as Loose;
    expect(renamed).toMatchObject({ label: 'Alpha Documentation', settings: { app: { url: bookmark.settings.app.url } } });
  });

  it('deactivates, activates and deletes; an active app cannot be deleted; a deleted one is gone', async () => {
    const id = ids[1]!;
    const active = await errorOf(client.applicationApi.deleteApplication({ appId: id }));
    expect([active.status, active.errorCode]).toEqual([403, 'E0000056']);
    await client.applicationApi.deactivateApplication({ appId: id });
    expect((await get(id)).status).toBe('INACTIVE');
    await client.applicationApi.activateApplication({ appId: id });
    expect((await get(id)).status).toBe('ACTIVE');
    await client.applicationApi.deactivateApplication({ appId: id });
    await client.applicationApi.deleteApplication({ appId: id });
    const gone = await errorOf(get(id));
    expect([gone.status, gone.errorCode]).toEqual([404, 'E0000007']);
    const missing = await errorOf(client.applicationApi.activateApplication({ appId: '0oa00000000000000000' }));
    expect(missing.status).toBe(404);
  });

  it('refuses a create with an unknown sign-on mode or without a label', async () => {
    const mode = await errorOf(create({ label: 'x', signOnMode: 'NOT_A_MODE' }));
    expect([mode.status, mode.errorCode]).toEqual([400, 'E0000001']);
    const label = await errorOf(create({ name: 'bookmark', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://x.example.com' } } }));
    expect(label.errorCode).toBe('E0000001');
  });
});
