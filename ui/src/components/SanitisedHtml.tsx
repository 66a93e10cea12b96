/**
 * The one place HTML is inserted into a page: the server's Markdown rendering, which it has
 * already sanitised with an allow-list (descriptionHtml, bodyHtml). The page's CSP requires a
 * Trusted Type for innerHTML and allows only this policy, so nothing else can insert HTML.
 */
type Policy = { createHTML: (html: string) => unknown };
type TrustedTypesFactory = { createPolicy: (name: string, rules: { createHTML: (html: string) => string }) => Policy };

const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
const policy: Policy = factory
  ? factory.createPolicy('rampart-html', { createHTML: (html) => html })
  : { createHTML: (html) => html };

export function SanitisedHtml({ html, className }: { html: string; className?: string }) {
  // The server's sanitised HTML, wrapped as a TrustedHTML (see above).
  return <div className={className ?? 'markdown'} dangerouslySetInnerHTML={{ __html: policy.createHTML(html) as string }} />;
}
