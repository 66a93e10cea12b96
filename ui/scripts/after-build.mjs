// After `vite build`: prints the JavaScript each page needs (gzip), fails the build over budget,
// and hands the Relay compiler's persisted documents to the server (the only documents it runs
// for a browser session).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const out = '../target/classes/static';
const manifestFile = join(out, '.vite/manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));

/** Every chunk loaded before the page shows: the chunk and its static imports, transitively. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return seen;
  seen.add(key);
  for (const imported of chunk.imports ?? []) closure(imported, seen);
  return seen;
}
const gzipped = (keys) => [...keys].filter((key) => manifest[key].file.endsWith('.js'))
  .reduce((sum, key) => sum + gzipSync(readFileSync(join(out, manifest[key].file))).length, 0);
const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const page = (name) => Object.keys(manifest).find((key) => key.endsWith(name));

const budgets = [
  { name: 'sign-in page', keys: new Set([...closure(entry), ...closure(page('pages/auth/SignIn.tsx'))]), limit: 150 * 1024 },
  { name: 'app shell (home)', keys: new Set([...closure(entry), ...closure(page('app/Layout.tsx')), ...closure(page('pages/home/Home.tsx'))]), limit: 300 * 1024 },
  { name: 'project page', keys: new Set([...closure(entry), ...closure(page('app/Layout.tsx')), ...closure(page('pages/project/ProjectPage.tsx'))]), limit: 300 * 1024 },
];
let over = false;
for (const budget of budgets) {
  const size = gzipped(budget.keys);
  const fits = size <= budget.limit;
  over ||= !fits;
  console.log(`JavaScript for the ${budget.name}: ${(size / 1024).toFixed(1)} KB gzip (budget ${budget.limit / 1024} KB)${fits ? '' : '  OVER BUDGET'}`);
}
rmSync(join(out, '.vite'), { recursive: true, force: true });

mkdirSync('../target/classes/graphql/persisted', { recursive: true });
copyFileSync('build/persisted-queries.json', '../target/classes/graphql/persisted/ui.json');
const documents = Object.keys(JSON.parse(readFileSync('build/persisted-queries.json', 'utf8'))).length;
console.log(`${documents} GraphQL documents registered for the web application`);
if (over) process.exit(1);
