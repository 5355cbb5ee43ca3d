import { describe, expect, test } from 'vitest';
import { parseHealthExpect, unmetExpectation } from './health-expect.ts';

describe('--health-expect', () => {
  test.each([
    ['status:204', 204, '', undefined],
    ['status:200', 503, '', 'status 503, expected 200'],
    ['body:"db":"ok"', 200, '{"db":"ok"}', undefined],
    ['body:ready', 200, 'starting', 'the body does not contain "ready"'],
    ['json:.db=ok', 200, '{"db":"ok"}', undefined],
    ['json:.db=ok', 200, '{"db":"error"}', '.db is "error", expected ok'],
    ['json:.checks[1].up=true', 200, '{"checks":[{"up":false},{"up":true}]}', undefined],
    ['json:.version', 200, '{"version":"1.2"}', undefined],
    ['json:.version', 200, '{}', 'the JSON has no .version'],
    ['json:.db=ok', 200, '<html>', 'the body is not JSON'],
    ['json:.count=3', 200, '{"count":3}', undefined],
  ])('%s against %i %s', (text, status, body, why) => {
    expect(unmetExpectation(parseHealthExpect(text), status, body)).toBe(why);
  });

  test.each(['', 'db=ok', 'status:abc', 'body:', 'json:db', 'json:.a..b'])('refuses %j with exit 2', (text) => {
    expect(() => parseHealthExpect(text)).toThrow(/^--health-expect ".*" .*; write status:200, body:TEXT or json:\.path=value \(e\.g\. json:\.db=ok\)\.$/);
  });
});
