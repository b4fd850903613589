import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OPTION_SCHEMA } from './options.js';
import { renderConfigurationReference } from './reference.js';

describe('configuration reference', () => {
  it('docs/configuration.md is the current rendering of the option schema', () => {
    const committed = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    assert.equal(committed, renderConfigurationReference(), 'regenerate: npm run --silent config-reference > docs/configuration.md');
  });

  it('names every section and option', () => {
    const text = renderConfigurationReference();
    for (const [section, options] of Object.entries(OPTION_SCHEMA)) {
      assert.ok(text.includes(`## [${section}]`), section);
      for (const name of Object.keys(options)) assert.ok(text.includes(`| \`${name}\` |`), `${section}.${name}`);
    }
  });
});
