import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';

// Only src/api talks to the server: everywhere else, fetch, XMLHttpRequest and friends are refused.
const noNetwork = {
  'no-restricted-globals': ['error',
    { name: 'fetch', message: 'Talk to the server through src/api only.' },
    { name: 'XMLHttpRequest', message: 'Talk to the server through src/api only.' },
    { name: 'WebSocket', message: 'Talk to the server through src/api only.' },
    { name: 'EventSource', message: 'Talk to the server through src/api only.' },
    { name: 'localStorage', message: 'Rampart keeps nothing in the browser: no storage.' },
    { name: 'sessionStorage', message: 'Rampart keeps nothing in the browser: no storage.' },
  ],
  'no-restricted-properties': ['error',
    { object: 'window', property: 'fetch', message: 'Talk to the server through src/api only.' },
    { object: 'globalThis', property: 'fetch', message: 'Talk to the server through src/api only.' },
    { object: 'navigator', property: 'sendBeacon', message: 'Talk to the server through src/api only.' },
    { object: 'window', property: 'localStorage', message: 'Rampart keeps nothing in the browser.' },
  ],
  'no-restricted-syntax': ['error',
    { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Use <SanitisedHtml> for the server\'s sanitised HTML; nothing else is inserted as HTML.' },
    { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'Never insert HTML: use <SanitisedHtml>.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', 'build', 'src/__generated__', 'dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...noNetwork,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The API module is the one place allowed to use the network (and the one trusted-types policy).
    files: ['src/api/**/*.{ts,tsx}', 'src/components/SanitisedHtml.tsx'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    files: ['public/sw.js'],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    files: ['e2e/**/*.{js,mjs,ts}', 'scripts/**/*.{js,mjs}', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
