// L7 rule validation per type (§6.7): each failure is 400 "Error parsing L7Rule: ..." with Octavia's wording;
// rule-level problems carry "Invalid L7 Rule:", bad characters and bad regexes do not.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, waitActive } from '../support/fixtures.js';
import { createPolicy, type L7Stack, l7Stack, rulesOf } from '../support/l7-fixtures.js';

const RULE = 'Error parsing L7Rule: Invalid L7 Rule: ';
const TEXT = 'Error parsing L7Rule: ';

type Case = [rule: Record<string, unknown>, fault: string | RegExp];

const REJECTED: Case[] = [
  [{ type: 'PATH', compare_type: 'EQUAL_TO', value: '' }, `${RULE}L7 rule type requires a value`],
  [{ type: 'HEADER', compare_type: 'EQUAL_TO', value: 'v' }, `${RULE}L7 rule type requires a key`],
  [{ type: 'COOKIE', compare_type: 'EQUAL_TO', value: 'v' }, `${RULE}L7 rule type requires a key`],
  [{ type: 'HEADER', compare_type: 'EQUAL_TO', key: 'bad key', value: 'v' }, `${TEXT}Invalid characters in key`],
  [{ type: 'COOKIE', compare_type: 'EQUAL_TO', key: 'a:b', value: 'v' }, `${TEXT}Invalid characters in key`],
  [{ type: 'HEADER', compare_type: 'CONTAINS', key: 'X-A', value: 'two words' }, `${TEXT}Invalid characters in header value`],
  [{ type: 'COOKIE', compare_type: 'EQUAL_TO', key: 'sid', value: 'a;b' }, `${TEXT}Invalid characters in cookie value`],
  [{ type: 'HOST_NAME', compare_type: 'EQUAL_TO', value: 'www example' }, `${TEXT}Invalid characters in comparison value`],
  [{ type: 'PATH', compare_type: 'STARTS_WITH', value: '/a b' }, `${TEXT}Invalid characters in comparison value`],
  [{ type: 'PATH', compare_type: 'REGEX', value: '^/(unclosed' }, /^Error parsing L7Rule: Unable to parse regular expression: ./],
  [{ type: 'HEADER', compare_type: 'REGEX', key: 'X-A', value: '[a-' }, /^Error parsing L7Rule: Unable to parse regular expression: ./],
  [{ type: 'PATH', compare_type: 'REGEX', value: '^/a\u0001' }, `${TEXT}Unable to parse regular expression: contains control characters`],
  [{ type: 'FILE_TYPE', compare_type: 'STARTS_WITH', value: 'jpg' }, `${RULE}invalid comparison type for rule type`],
  [{ type: 'FILE_TYPE', compare_type: 'CONTAINS', value: 'jpg' }, `${RULE}invalid comparison type for rule type`],
  [{ type: 'FILE_TYPE', compare_type: 'ENDS_WITH', value: 'jpg' }, `${RULE}invalid comparison type for rule type`],
  [{ type: 'FILE_TYPE', compare_type: 'EQUAL_TO', value: 'j pg' }, `${TEXT}Invalid characters in comparison value`],
  [
    { type: 'SSL_CONN_HAS_CERT', compare_type: 'EQUAL_TO', key: 'k', value: 'true' },
    `${RULE}L7rule type SSL_CONN_HAS_CERT does not use the "key" field.`,
  ],
  [{ type: 'SSL_CONN_HAS_CERT', compare_type: 'EQUAL_TO', value: 'yes' }, `${RULE}L7rule value yes is not a boolean True string.`],
  [
    { type: 'SSL_CONN_HAS_CERT', compare_type: 'STARTS_WITH', value: 'true' },
    `${RULE}L7rule type SSL_CONN_HAS_CERT only supports the EQUAL_TO compare type.`,
  ],
  [
    { type: 'SSL_VERIFY_RESULT', compare_type: 'EQUAL_TO', key: 'k', value: '0' },
    `${RULE}L7rule type SSL_VERIFY_RESULT does not use the "key" field.`,
  ],
  [
    { type: 'SSL_VERIFY_RESULT', compare_type: 'EQUAL_TO', value: '-1' },
    `${RULE}L7rule type SSL_VERIFY_RESULT needs a int value, which is >= 0`,
  ],
  [
    { type: 'SSL_VERIFY_RESULT', compare_type: 'EQUAL_TO', value: 'abc' },
    `${RULE}L7rule type SSL_VERIFY_RESULT needs a int value, which is >= 0`,
  ],
  [
    { type: 'SSL_VERIFY_RESULT', compare_type: 'REGEX', value: '10' },
    `${RULE}L7rule type SSL_VERIFY_RESULT only supports the EQUAL_TO compare type.`,
  ],
  [{ type: 'SSL_DN_FIELD', compare_type: 'EQUAL_TO', value: 'www' }, `${RULE}L7rule type SSL_DN_FIELD needs to specify a key and a value.`],
  [{ type: 'SSL_DN_FIELD', compare_type: 'EQUAL_TO', key: '1CN', value: 'www' }, `${RULE}Invalid L7rule distinguished name field.`],
  [{ type: 'SSL_DN_FIELD', compare_type: 'EQUAL_TO', key: 'C_N', value: 'www' }, `${RULE}Invalid L7rule distinguished name field.`],
];

const ACCEPTED: Record<string, unknown>[] = [
  { type: 'HEADER', compare_type: 'EQUAL_TO', key: 'X-Quoted', value: '"two words"' },
  { type: 'HEADER', compare_type: 'REGEX', key: 'User-Agent', value: '^Mozilla/.*(Linux|BSD)' },
  { type: 'COOKIE', compare_type: 'STARTS_WITH', key: 'session', value: 'abc/=?' },
  { type: 'HOST_NAME', compare_type: 'ENDS_WITH', value: '.example.com' },
  { type: 'FILE_TYPE', compare_type: 'EQUAL_TO', value: 'jpg' },
  { type: 'FILE_TYPE', compare_type: 'REGEX', value: '^(jpg|png)$' },
  { type: 'SSL_CONN_HAS_CERT', compare_type: 'EQUAL_TO', value: 'TRUE' },
  { type: 'SSL_VERIFY_RESULT', compare_type: 'EQUAL_TO', value: '0' },
  { type: 'SSL_DN_FIELD', compare_type: 'EQUAL_TO', key: 'CN', value: 'www.example.com' },
  { type: 'SSL_DN_FIELD', compare_type: 'REGEX', key: 'Org-Unit', value: '^ops.*' },
];

describeEachDatabase('l7rules validation', (api) => {
  let stack: L7Stack;
  let policy: any;
  before(async () => {
    stack = await l7Stack(api());
    policy = await createPolicy(api(), stack);
  });

  it("rejects each invalid rule with Octavia's message", async () => {
    for (const [rule, fault] of REJECTED) {
      const res = await api().post(rulesOf(policy.id), { rule });
      assertFault(res, 400, fault);
    }
    assert.deepEqual((await api().get(rulesOf(policy.id))).body.rules, []);
  });

  it('accepts each valid rule of every type', async () => {
    for (const rule of ACCEPTED) {
      const res = await api().post(rulesOf(policy.id), { rule });
      assert.equal(res.status, 201, `${JSON.stringify(rule)}: ${res.text}`);
      assert.equal(res.body.rule.type, rule.type);
      assert.equal(res.body.rule.value, rule.value);
      assert.equal(res.body.rule.key, rule.key ?? null);
      await waitActive(api(), stack.lb.id);
    }
  });

  it('checks mandatory fields, enums and CR/LF before the rule logic', async () => {
    const post = (rule: Record<string, unknown>) => api().post(rulesOf(policy.id), { rule });
    assertFault(
      await post({ type: 'PATH', compare_type: 'EQUAL_TO' }),
      400,
      "Invalid input for field/attribute value. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ compare_type: 'EQUAL_TO', value: '/' }),
      400,
      "Invalid input for field/attribute type. Value: 'None'. Mandatory field missing.",
    );
    assertFault(
      await post({ type: 'URL', compare_type: 'EQUAL_TO', value: '/' }),
      400,
      /^Invalid input for field\/attribute type\. Value: 'URL'\. Value should be one of: /,
    );
    assertFault(
      await post({ type: 'PATH', compare_type: 'LIKE', value: '/' }),
      400,
      /^Invalid input for field\/attribute compare_type\. Value: 'LIKE'\. Value should be one of: /,
    );
    assertFault(
      await post({ type: 'PATH', compare_type: 'EQUAL_TO', value: '/a\nb' }),
      400,
      "Invalid input for field/attribute value. Value: '/a\nb'. Value should match the pattern ^[^\\r\\n]*$",
    );
    assertFault(
      await post({ type: 'HEADER', compare_type: 'EQUAL_TO', key: 'X\r\nY', value: 'v' }),
      400,
      "Invalid input for field/attribute key. Value: 'X\r\nY'. Value should match the pattern ^[^\\r\\n]*$",
    );
    assertFault(
      await post({ type: 'PATH', compare_type: 'EQUAL_TO', value: 'v'.repeat(256) }),
      400,
      `Invalid input for field/attribute value. Value: '${'v'.repeat(256)}'. Value should have a maximum character requirement of 255`,
    );
    assertFault(
      await post({ type: 'PATH', compare_type: 'EQUAL_TO', value: '/', l7policy_id: policy.id }),
      400,
      /^Unknown attribute for argument .*: l7policy_id$/,
    );
  });

  it('an update is validated on the merged rule', async () => {
    const created = await api().post(rulesOf(policy.id), { rule: { type: 'HEADER', compare_type: 'EQUAL_TO', key: 'X-A', value: 'v' } });
    assert.equal(created.status, 201, created.text);
    await waitActive(api(), stack.lb.id);
    const path = `${rulesOf(policy.id)}/${created.body.rule.id}`;
    assertFault(await api().put(path, { rule: { key: null } }), 400, `${RULE}L7 rule type requires a key`);
    assertFault(await api().put(path, { rule: { value: 'a b' } }), 400, `${TEXT}Invalid characters in header value`);
    assertFault(
      await api().put(path, { rule: { type: 'SSL_CONN_HAS_CERT' } }),
      400,
      `${RULE}L7rule type SSL_CONN_HAS_CERT does not use the "key" field.`,
    );
    assertFault(
      await api().put(path, { rule: { type: 'FILE_TYPE', compare_type: 'CONTAINS' } }),
      400,
      `${RULE}invalid comparison type for rule type`,
    );
    const shown = await api().get(path);
    assert.equal(shown.body.rule.key, 'X-A');
    assert.equal(shown.body.rule.value, 'v');
    assert.equal(shown.body.rule.provisioning_status, 'ACTIVE');
  });
});
