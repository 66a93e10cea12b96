// What the browser test needs around the browser: the packaged server on a fresh data directory,
// its mail (the .eml files it writes without SMTP), TOTP codes and the server certificate's key.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { createServer as createHttpsServer } from 'node:https';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `java -jar rampart.jar` on a fresh data directory and resolves once it says it is ready. */
export async function startServer({ java, jar, log, env = {} }) {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'rampart-e2e-'));
  const base = `https://localhost:${port}`;
  const biPort = await freePort();
  const child = spawn(java, ['-jar', jar], {
    env: {
      ...process.env,
      RAMPART_HOME: home,
      RAMPART_HTTPS_PORT: String(port),
      RAMPART_HTTP_PORT: '-1',
      RAMPART_MANAGEMENT_PORT: String(await freePort()),
      RAMPART_BI_PORT: String(biPort),
      RAMPART_PUBLIC_URL: base,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    output += chunk.toString();
    if (log) log.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Rampart did not start in 240 s:\n${output.slice(-4000)}`)), 240_000);
    const check = () => {
      if (output.includes('Rampart is ready.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Rampart exited with ${code} before it was ready:\n${output.slice(-4000)}`));
    });
  });
  return {
    base,
    home,
    biPort,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => {
          const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 30_000);
          child.on('exit', () => { clearTimeout(timer); resolve(); });
        });
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The SHA-256 of the server certificate's public key (base64), for Chromium's --ignore-certificate-errors-spki-list. */
export function certificateKeyHash(port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }, () => {
      const certificate = new X509Certificate(socket.getPeerCertificate(true).raw);
      socket.end();
      resolve(createHash('sha256').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64'));
    });
    socket.on('error', reject);
  });
}

function decodePart(encoding, body) {
  if (/quoted-printable/i.test(encoding)) {
    return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  }
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** The newest link to {@code page} (with its #token) mailed to {@code to}; waits for the outbox. */
export async function mailedLink(home, to, page, base) {
  const pattern = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${page}#token=[A-Za-z0-9_\\-]+`);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const dir = join(home, 'mail');
    const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.eml')).sort().reverse() : [];
    for (const name of files) {
      const raw = readFileSync(join(dir, name), 'utf8');
      if (!new RegExp(`^To:.*${to.replace('.', '\\.')}`, 'mi').test(raw)) continue;
      const parts = [...raw.matchAll(/Content-Transfer-Encoding:\s*([\w-]+)\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)(?=\r?\n--|$)/gi)];
      for (const [, encoding, body] of parts.length ? parts : [[null, '7bit', raw]]) {
        const found = decodePart(encoding, body).match(pattern);
        if (found) return found[0];
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no mail to ${to} with a ${page} link within 60 s`);
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for a base32 secret, at the given time step offset. */
export function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = digest[digest.length - 1] & 0xf;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * A webhook receiver for the browser tests: HTTPS on 127.0.0.5 (the one address the test server
 * allow-lists) with a certificate openssl makes for it, recording every request. verify() checks a
 * Standard Webhooks signature with Node's own HMAC, from the specification's text.
 */
export async function startReceiver(directory) {
  const key = join(directory, 'receiver-key.pem');
  const cert = join(directory, 'receiver-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.5', '-addext', 'subjectAltName=IP:127.0.0.5', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const requests = [];
  const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise((resolveListen) => server.listen(port, '127.0.0.5', resolveListen));
  return {
    url: (path) => `https://127.0.0.5:${port}${path}`,
    certificate: cert,
    requests,
    verify(request, secret) {
      const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
      const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(signed).digest('base64');
      return String(request.headers['webhook-signature'] ?? '').split(' ')
        .some((signature) => signature === `v1,${expected}`);
    },
    close: () => new Promise((resolveClose) => server.close(resolveClose)),
  };
}
