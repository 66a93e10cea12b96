// The Relay compiler needs its output directory and persisted-queries file to exist before it runs.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

mkdirSync('src/__generated__', { recursive: true });
mkdirSync('build', { recursive: true });
if (!existsSync('build/persisted-queries.json')) writeFileSync('build/persisted-queries.json', '{}\n');

// The compiler reads only *.graphql files: give it the server's schema under that name.
import { copyFileSync } from 'node:fs';
copyFileSync('../src/main/resources/graphql/schema.graphqls', 'build/schema.graphql');
