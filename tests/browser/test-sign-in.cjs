// SPDX-FileCopyrightText: 2026 The HRM Users authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The browser sign-in in a real browser (issue 12): headless Chromium, driven
// by playwright-core, opens hrm-server's /oauth/authorize as the app would
// have the system browser open it, a person fills the page in, and the
// redirect must reach a loopback listener of the test's own — as the app's
// SoupServer on 127.0.0.1:0 does — with the state it sent and a code that the
// PKCE verifier exchanges for tokens. This is what only a browser can show:
// the CSRF cookie (SameSite=Strict) comes back with the form, and the page's
// Content-Security-Policy (form-action) lets the redirect after the form
// through to the loopback address.
//
// Cases: a password sign-in; an account with a TOTP factor (the code
// computed here as an authenticator app would); Cancel (access_denied).
// Run by run.sh, which skips where Chromium or playwright-core is missing.

'use strict';

const { chromium } = require('playwright-core');
const assert = require('node:assert/strict');
const child_process = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const PASSWORD = 'browser-test-password-1';

function log (...args) {
  console.log('#', ...args);
}

// hrm-server with the demo on a free port; resolves to its base URL.
function startServer (dir) {
  const passwordFile = path.join(dir, 'password');
  fs.writeFileSync(passwordFile, PASSWORD + '\n', { mode: 0o600 });
  const server = child_process.spawn(process.env.HRM_SERVER_PATH, [
    '--listen', '127.0.0.1:0', '--db', path.join(dir, 'hrm.db'), '--mail-dir', path.join(dir, 'mail'),
    '--demo', '--demo-password-file', passwordFile, '--demo-users', '20',
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/^Listening on (\S+?)\/?$/m);
      if (m) resolve({ server, url: m[1] });
    });
    server.on('exit', (code) => reject(new Error(`hrm-server exited (${code}) before listening`)));
  });
}

// hrm-server --enrol-totp NAME on the same database: the secret it prints.
function enrolTotp (dir, name) {
  const out = child_process.execFileSync(process.env.HRM_SERVER_PATH,
    ['--db', path.join(dir, 'hrm.db'), '--enrol-totp', name], { encoding: 'utf8' });
  const m = out.match(/otpauth:\/\/totp\/\S*[?&]secret=([A-Z2-7]+)/);
  assert.ok(m, `no otpauth URI in: ${out}`);
  return m[1];
}

function base32Decode (text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const c of text.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

// RFC 6238 with RFC 4226's truncation: six digits, 30-s steps, SHA-1.
function totp (secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(number).padStart(6, '0');
}

// A loopback listener for exactly one redirect, as the app runs one.
function listenOnce () {
  return new Promise((resolve) => {
    let deliver;
    const redirect = new Promise((r) => { deliver = r; });
    const listener = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><title>HRM Users</title><p>You can close this tab and return to HRM Users.</p>');
      deliver(new URL(req.url, 'http://127.0.0.1'));
      listener.close();
    });
    listener.listen(0, '127.0.0.1', () => {
      resolve({ uri: `http://127.0.0.1:${listener.address().port}/callback`, redirect });
    });
  });
}

function base64url (buffer) {
  return buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// Opens the sign-in page for a new listener; returns what the app would keep.
async function openSignIn (page, base) {
  const { uri, redirect } = await listenOnce();
  const verifier = base64url(crypto.randomBytes(32));
  const state = base64url(crypto.randomBytes(16));
  const challenge = base64url(crypto.createHash('sha256').update(verifier).digest());
  const query = new URLSearchParams({
    response_type: 'code', client_id: 'hrm-users', redirect_uri: uri, state,
    code_challenge: challenge, code_challenge_method: 'S256',
  });
  // A redirect the page's CSP blocks never arrives: fail at once, saying why.
  const blocked = new Promise((resolve, reject) => {
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text()))
        reject(new Error(`the browser blocked the sign-in: ${message.text()}`));
    });
  });
  const response = await page.goto(`${base}/oauth/authorize?${query}`);
  assert.equal(response.status(), 200);
  return { uri, redirect: Promise.race([redirect, blocked]), verifier, state };
}

async function exchange (base, signIn, code) {
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: 'hrm-users', code,
      redirect_uri: signIn.uri, code_verifier: signIn.verifier,
    }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
}

async function whoAmI (base, token) {
  const response = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return (await response.json()).user.user_id;
}

// The redirect reached the listener with our state and a code; the browser
// shows the listener's page; the code gives tokens for @expected.
async function expectSignedIn (page, base, signIn, expected) {
  const url = await signIn.redirect;
  assert.equal(url.searchParams.get('state'), signIn.state);
  assert.equal(url.searchParams.get('error'), null);
  const code = url.searchParams.get('code');
  assert.ok(code, 'no code in the redirect');
  await page.waitForURL(`${signIn.uri}?**`);
  assert.match(await page.textContent('body'), /close this tab/);
  const tokens = await exchange(base, signIn, code);
  assert.equal(await whoAmI(base, tokens.access_token), expected);
}

async function main () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hrm-browser-'));
  const { server, url: base } = await startServer(dir);
  const browser = await chromium.launch({
    executablePath: process.env.HRM_CHROMIUM,
    headless: true,
    // As root (containers) Chromium's sandbox cannot start.
    args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });
  let failed = false;

  try {
    const context = await browser.newContext({ locale: 'en-GB' });

    log('a password sign-in');
    {
      const page = await context.newPage();
      const signIn = await openSignIn(page, base);
      assert.equal(await page.title(), 'Sign in');
      await page.fill('#username', 'admin');
      await page.fill('#password', PASSWORD);
      await page.click('button[value=continue]');
      await expectSignedIn(page, base, signIn, 'admin');
      await page.close();
    }

    log('a wrong password shows the page again, then the right one signs in');
    {
      const page = await context.newPage();
      const signIn = await openSignIn(page, base);
      await page.fill('#username', 'admin');
      await page.fill('#password', 'not-the-password');
      await page.click('button[value=continue]');
      await page.waitForSelector('#problem');
      assert.match(await page.textContent('#problem'), /wrong/);
      await page.fill('#password', PASSWORD);
      await page.click('button[value=continue]');
      await expectSignedIn(page, base, signIn, 'admin');
      await page.close();
    }

    log('an account with a second factor');
    {
      const secret = enrolTotp(dir, 'clerk');
      const page = await context.newPage();
      const signIn = await openSignIn(page, base);
      await page.fill('#username', 'clerk');
      await page.fill('#password', PASSWORD);
      await page.click('button[value=continue]');
      await page.waitForSelector('#code');
      await page.fill('#code', totp(secret, Math.floor(Date.now() / 1000 / 30)));
      await page.click('button[value=continue]');
      await expectSignedIn(page, base, signIn, 'clerk');
      await page.close();
    }

    log('Cancel goes back to the app as access_denied');
    {
      const page = await context.newPage();
      const signIn = await openSignIn(page, base);
      await page.click('button[value=cancel]');
      const url = await signIn.redirect;
      assert.equal(url.searchParams.get('error'), 'access_denied');
      assert.equal(url.searchParams.get('state'), signIn.state);
      assert.equal(url.searchParams.get('code'), null);
      await page.close();
    }
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
