/**
 * Registers the service worker (public/sw.js). Under the page's Trusted Types CSP a script URL
 * needs a policy: "rampart-worker" vouches for exactly this one URL and refuses any other.
 */
type Factory = { createPolicy: (name: string, rules: { createScriptURL: (url: string) => string }) => { createScriptURL: (url: string) => unknown } };

const WORKER = '/sw.js';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const factory = (globalThis as { trustedTypes?: Factory }).trustedTypes;
  const url = factory
    ? factory.createPolicy('rampart-worker', {
      createScriptURL: (candidate) => {
        if (candidate !== WORKER) throw new TypeError(`not the service worker: ${candidate}`);
        return candidate;
      },
    }).createScriptURL(WORKER)
    : WORKER;
  navigator.serviceWorker.register(url as string).catch(() => undefined);
}
