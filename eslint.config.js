// @ts-check
// Lint rules that catch bugs; layout is Prettier's job (eslint-config-prettier, last, turns off every rule that would fight it).
// typescript-eslint's `recommended` without type information: the type-aware set (recommendedTypeChecked, no-floating-promises)
// took ~23 s of CPU instead of ~6 s on this project when measured, and found no floating promise.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  // ESLint does not read .gitignore: the same folders, plus drizzle-kit's output.
  { ignores: ['data/', 'bench/results/', 'migrations/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Chinese text uses the ideographic space U+3000 on purpose: allow it in regexes and templates as in strings (ESLint's default).
      'no-irregular-whitespace': ['error', { skipStrings: true, skipRegExps: true, skipTemplates: true }],
      // An unused name is a bug or dead code; a leading `_` marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  prettier,
)
