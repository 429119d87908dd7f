// Style and correctness rules, run by `npm test` (scripts/lint.sh). Formatting is prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const focusedOrSkippedTests = {
  selector: 'CallExpression[callee.property.name=/^(skip|only)$/][callee.object.name=/^(it|test|describe)$/]',
  message: 'A skipped or focused test proves nothing.',
};

// Who may do what is written once, in libs/access/src/permissions.ts: anywhere else, two roles
// side by side are a second copy of a permission that will drift from the first.
const ROLE = "MemberExpression[object.name='Role']";
const ROLE_LIST_MESSAGE = "A list of roles belongs in PERMISSIONS (libs/access/src/permissions.ts): ask can(user, 'permission') or rolesWith('permission').";
const roleLists = [
  // [Role.CspManager, Role.CspChair]
  { selector: `ArrayExpression:has(> ${ROLE} ~ ${ROLE})`, message: ROLE_LIST_MESSAGE },
  // @SomeDecorator(Role.CspManager, Role.CspChair), or any call given several roles
  { selector: `CallExpression:has(> ${ROLE}.arguments ~ ${ROLE}.arguments)`, message: ROLE_LIST_MESSAGE },
  // role === Role.CspManager || role === Role.CspChair
  { selector: `LogicalExpression[operator='||'][left.right.object.name='Role'][right.right.object.name='Role']`, message: ROLE_LIST_MESSAGE },
  // user.roles.includes(Role.CspManager) || user.roles.includes(Role.CspChair)
  { selector: `LogicalExpression[operator='||'][left.arguments.0.object.name='Role'][right.arguments.0.object.name='Role']`, message: ROLE_LIST_MESSAGE },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/artifacts/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', focusedOrSkippedTests, ...roleLists],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // class-validator's IsOptional lets an explicit null past every rule, to fail later as a 500.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message: "Use IsOptional from @app/common: it skips a missing field only, and says when null means 'clear it'.",
            },
          ],
        },
      ],
    },
  },
  {
    // libs/access holds the permission table and the role enum's own labels.
    files: ['libs/access/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', focusedOrSkippedTests] },
  },
);
