// The weekly report's settings (SPHERE_REPORT_TO, SPHERE_SMTP_URL, SPHERE_REPORT_FROM): checked at start, every problem named.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../connector/src/config';
import { mailSettingsOf } from '../../connector/src/report/delivery';

const base = { SPHERE_SHARED_SECRET: 's'.repeat(16) };
const problems = (env: Record<string, string>): string => {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('expected a ConfigError');
};

describe('weekly report configuration', () => {
  it('is off unless configured, and reads comma-separated recipients with a default sender', () => {
    assert.equal(mailSettingsOf(loadConfig(base)), null);
    const config = loadConfig({ ...base, SPHERE_REPORT_TO: ' dpo@example.test , legal@example.test', SPHERE_SMTP_URL: 'smtps://u:p@mail.example.test:465' });
    assert.deepEqual(mailSettingsOf(config), { smtpUrl: 'smtps://u:p@mail.example.test:465', to: ['dpo@example.test', 'legal@example.test'], from: 'sphere@mail.example.test' });
    assert.equal(mailSettingsOf(loadConfig({ ...base, SPHERE_REPORT_TO: 'dpo@example.test', SPHERE_SMTP_URL: 'smtp://mail.example.test', SPHERE_REPORT_FROM: 'noreply@example.test' }))?.from, 'noreply@example.test');
  });

  it('names bad addresses, a bad URL and a half configuration, never quoting the password', () => {
    assert.match(problems({ SPHERE_REPORT_TO: 'dpo@example.test,dpo at example', SPHERE_SMTP_URL: 'smtp://mail.example.test' }), /reportTo\/1: "dpo at example" is not an e-mail address/);
    assert.match(problems({ SPHERE_REPORT_TO: 'dpo@example.test', SPHERE_SMTP_URL: 'smtp://mail.example.test', SPHERE_REPORT_FROM: 'sphere' }), /reportFrom: "sphere" is not an e-mail address/);
    const notUrl = problems({ SPHERE_REPORT_TO: 'dpo@example.test', SPHERE_SMTP_URL: 'smtp://u:topsecret@mail host:25' });
    assert.match(notUrl, /smtpUrl: .* is not a URL; use smtp:\/\/user:password@host:587/);
    assert.match(problems({ SPHERE_REPORT_TO: 'dpo@example.test', SPHERE_SMTP_URL: 'https://u:topsecret@mail.example.test' }), /smtpUrl: the scheme must be smtp:\/\/ or smtps:\/\/, got https:\/\//);
    assert.match(problems({ SPHERE_REPORT_TO: 'dpo@example.test' }), /reportTo: the weekly report needs an SMTP server too \(set SPHERE_SMTP_URL\)/);
    const onlyUrl = problems({ SPHERE_SMTP_URL: 'smtp://u:topsecret@mail.example.test' });
    assert.match(onlyUrl, /smtpUrl: the weekly report needs recipients too \(set SPHERE_REPORT_TO\)/);
    // a password with `/` or `@` (base64 often has `/`) makes the URL unparsable; still nothing of it is quoted
    const slashed = problems({ SPHERE_REPORT_TO: 'dpo@example.test', SPHERE_SMTP_URL: 'smtp://u:top/se@cret@mail.example.test:25' });
    assert.match(slashed, /smtpUrl: "smtp:\/\/\*\*\*@mail\.example\.test:25" is not a URL/);
    for (const message of [notUrl, onlyUrl, slashed]) assert.ok(!message.includes('topsecret') && !message.includes('top/se') && !message.includes('cret@'), message);
    assert.match(problems({ SPHERE_PORT: '99999', SPHERE_REPORT_TO: 'x', SPHERE_SMTP_URL: 'smtp://h' }), /port: must be <= 65535; reportTo\/0: "x" is not an e-mail address/);
  });
});
