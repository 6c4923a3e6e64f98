// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CONTEXT_BOUNDARY = {
  regex: '^\\.\\./(?!shared/)[^/]+/',
  message: "Import another context through its index.ts ('../<context>'), not its files.",
  allowTypeImports: true,
};
const PROBLEM_CLASSES = [
  'ProblemException',
  'NotFoundProblem',
  'ConflictProblem',
  'RuleViolation',
  'PreconditionFailedProblem',
  'ForbiddenProblem',
  'ValidationProblem',
  'UnauthorizedProblem',
  'TooManyRequestsProblem',
  'ServiceUnavailableProblem',
  'PayloadTooLargeProblem',
  'UnsupportedMediaTypeProblem',
];
const DOMAIN_ERRORS_ONLY = {
  name: '@app/core',
  importNames: PROBLEM_CLASSES,
  message: 'The domain refuses with DomainError from its context catalogue (<context>.errors.ts); HTTP problem classes belong to the edge.',
};

const TESTING_INDEX = {
  name: '@app/testing',
  message: "Domain specs import @app/testing/service-testing by path: @app/testing's index boots the apps, which load the domain (a cycle).",
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'migrations/[0-9]*-*.ts', 'libs/api-client/src/schema.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: false },
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through libs/core/src/config (loadConfig), not process.env.',
        },
      ],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error, and one passed
    // where a callback is expected (a Fastify hook, an event handler) is never awaited.
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'migrations/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' },
  },
  {
    // CommonJS files loaded by Jest itself.
    files: ['jest.config.js', 'scripts/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', jest: 'readonly', testTimeoutMs: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['libs/core/src/config/**', 'migrations/data-source.ts', 'scripts/**', 'test/**', '**/*.spec.ts', 'eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['libs/domain/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Domain code asks the Clock for the time.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Domain code asks the Clock for the time.' },
      ],
    },
  },
  {
    // Boundaries between bounded contexts: a context imports another only
    // through that context's index.ts (its modules, services, errors and
    // public types). Entity files may name another context's entities for
    // relations (the schema is one database); types may be imported from
    // anywhere.
    files: ['libs/domain/src/*/*.ts'],
    ignores: ['libs/domain/src/*/*.entity.ts', 'libs/domain/src/*/*.entities.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [CONTEXT_BOUNDARY], paths: [DOMAIN_ERRORS_ONLY, TESTING_INDEX] }],
    },
  },
  {
    files: ['libs/domain/src/*/*.entity.ts', 'libs/domain/src/*/*.entities.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ ...CONTEXT_BOUNDARY, regex: '^\\.\\./(?!shared/)[^/]+/(?![^/]+\\.entit(y|ies)$)' }], paths: [DOMAIN_ERRORS_ONLY, TESTING_INDEX] },
      ],
    },
  },
  {
    files: ['libs/domain/src/*/*/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ ...CONTEXT_BOUNDARY, regex: '^\\.\\./\\.\\./(?!shared/)[^/]+/' }], paths: [DOMAIN_ERRORS_ONLY, TESTING_INDEX] },
      ],
    },
  },
  {
    // Apps and tests see a context through its index too.
    files: ['apps/**/*.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The console loads no domain code, except catalogues of plain values: the event types webhooks may
              // filter on, and the problem record's vocabularies (stages, sources, response types, results).
              group: ['@app/domain/*/*', '!@app/domain/notifications/domain-events', '!@app/domain/problems/problem.constants'],
              message: 'Import a context through its index: @app/domain/<context>.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
