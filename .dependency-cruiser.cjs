/**
 * The architecture's dependency rules (ARCHITECTURE.md), run by `npm test` (scripts/lint.sh).
 * Paths are relative to the project folder; `@app/<lib>` resolves to `libs/<lib>/src/index.ts`.
 */
module.exports = {
  forbidden: [
    {
      name: 'lib-through-index',
      comment: 'A lib uses another lib only through its index.ts (its public face).',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/([^/]+)/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'outside-through-index',
      comment: 'apps/, test/, bench/ and scripts/ use libs only through their index.ts.',
      severity: 'error',
      // Jest loads its global setup (and the database helpers it uses) without the @app/* mapper,
      // so those two reach the database lib's plain-pg files directly.
      from: { path: '^(apps|test|bench|scripts)/', pathNot: '^test/support/(global-setup|databases)\\.ts$' },
      to: { path: '^libs/', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/rulesets/definitions/'] },
    },
    {
      name: 'libs-never-import-apps',
      comment: 'Both apps are built from the libs; a lib that reaches into an app inverts that.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-apart',
      comment: 'The api and the worker share libs, never each other’s code.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-cycles',
      comment: 'No import cycles, within a lib or between libs (forwardRef is a smell).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-not-test',
      comment: 'Product code never imports the tests or the bench.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^node_modules/|\\.spec\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
