import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'artifacts/', 'cache/', 'typechain-types/', 'coverage/', 'dist/', '**/dist/', 'web/'] },
  { ignores: ['.gpu-carry/', 'gpu-check-out/'] }, // the GPU check's carry and results (scripts/gpu-check.sh)
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
