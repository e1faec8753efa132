import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRegoTests } from '../../../connector/src/rego';
import { compile, evalExpr, valueOf } from '../support/compile';

const NS = '1670006453141828752'; // 2022-12-02T18:40:53.141828752Z, beyond a JS number's precision
const MIN = '-9223372036854775808';
const MAX = '9223372036854775807';

// [expression, expected value (undefined = undefined)]; int64 results are compared inside Rego, where they are exact
const FORMAT: Array<[string, unknown]> = [
  [`time.format(${NS})`, '2022-12-02T18:40:53.141828752Z'],
  [`time.format([${NS}, "UTC"])`, '2022-12-02T18:40:53.141828752Z'],
  [`time.format([${NS}])`, '2022-12-02T18:40:53.141828752Z'],
  [`time.format([${NS}, "", "RFC1123Z"])`, 'Fri, 02 Dec 2022 18:40:53 +0000'],
  [`time.format([${NS}, "UTC", "RFC1123"])`, 'Fri, 02 Dec 2022 18:40:53 UTC'],
  [`time.format([${NS}, "UTC", "RFC850"])`, 'Friday, 02-Dec-22 18:40:53 UTC'],
  [`time.format([${NS}, "UTC", "ANSIC"])`, 'Fri Dec  2 18:40:53 2022'],
  [`time.format([${NS}, "UTC", "Mon Jan 02 15:04:05 -0700 2006"])`, 'Fri Dec 02 18:40:53 +0000 2022'],
  [`time.format([${NS}, "UTC", "January 2, 3:04:05.000 PM"])`, 'December 2, 6:40:53.141 PM'],
  [`time.format([${NS}, "UTC", "15:04:05,000000 pm"])`, '18:40:53,141828 pm'],
  [`time.format([${NS}, "UTC", "002 __2 Z07:00 -07 -07:00:00"])`, '336 336 Z +00 +00:00:00'],
  // .999 drops trailing zeros and, for a whole second, the separator; .000 keeps them
  ['time.format([1500000000, "UTC", "05.999"])', '01.5'], ['time.format([1000000000, "UTC", "05.999"])', '01'],
  ['time.format([1500000000, "UTC", "05.000"])', '01.500'],
  ['time.format(-1)', '1969-12-31T23:59:59.999999999Z'],
  [`time.format(${MIN})`, '1677-09-21T00:12:43.145224192Z'], [`time.format(${MAX})`, '2262-04-11T23:47:16.854775807Z'],
  ['time.format(1582977600 * 10e12)', undefined], ['time.format(1.5)', undefined], ['time.format("x")', undefined],
  ['time.format([1, 2])', undefined], ['time.format([1, "UTC", 3])', undefined], ['time.format([])', undefined],
  // other zones from the host's zone database; `MST` prints a numeric offset outside UTC
  [`time.format([${NS}, "Asia/Kolkata"])`, '2022-12-03T00:10:53.141828752+05:30'],
  [`time.format([${NS}, "Asia/Kolkata", "RFC1123"])`, 'Sat, 03 Dec 2022 00:10:53 +0530'],
  [`time.format([${MIN}, "America/New_York"])`, '1677-09-20T19:16:41.145224192-04:56'], // local mean time, -4:56:02
  [`time.format([${NS}, "Nowhere/City"])`, undefined],
];

const ZONES: Array<[string, unknown]> = [
  ['time.date([1517814000000000000, "America/Los_Angeles"])', [2018, 2, 4]], ['time.date([1517814000000000000, ""])', [2018, 2, 5]],
  ['time.clock([1517832000000000000, "America/New_York"])', [7, 0, 0]], ['time.weekday([0, "Pacific/Kiritimati"])', 'Wednesday'],
  ['time.clock([1517832000000000000, "Nowhere/City"])', undefined], ['time.clock([1517832000000000000, 1])', undefined],
  // zone names are exact, as Go's zone files; a zone beyond a JS Date's range is undefined, not an error
  ['time.clock([1517832000000000000, "america/new_york"])', undefined],
  ['time.add_date([0, "Europe/Berlin"], 500000, 0, 0)', undefined], ['time.add_date([0, "UTC"], 500000, 0, 0)', undefined],
  // a day later on the wall clock across the spring-forward gap (23 hours), as Go's AddDate
  ['time.add_date([1710003600000000000, "America/New_York"], 0, 0, 1) - 1710003600000000000', 23 * 3600 * 1e9],
  ['time.add_date([1710054000000000000, "UTC"], 0, 0, 1) - 1710054000000000000', 24 * 3600 * 1e9],
  // the second instant is read in the first one's zone; its own zone must exist
  ['time.diff([0, "UTC"], [60000000000, "Asia/Shanghai"])', [0, 0, 0, 0, 1, 0]],
  ['time.diff([0, "Asia/Shanghai"], [0, "America/Los_Angeles"])', [0, 0, 0, 0, 0, 0]],
  ['time.diff([0, "UTC"], [60000000000, "Nowhere/City"])', undefined],
];

const PARSE: Array<[string, unknown]> = [
  ['time.parse_ns("2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00-07:00") == 1496455200000000000', true],
  ['time.parse_ns("RFC822Z", "02 Jun 17 19:00 -0700") == 1496455200000000000', true],
  [`time.parse_ns("01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700") == 1496455200000000000`, true],
  ['time.parse_ns("Mon, 02 Jan 2006 15:04:05 MST", "Sat, 03 Jun 2017 02:00:00 UTC") == 1496455200000000000', true],
  // Go names the zone of GMT±h without moving the instant: the wall clock is read as UTC
  ['time.parse_ns("RFC1123", "Fri, 02 Jun 2017 21:00:00 GMT-5") == 1496437200000000000', true],
  ['time.parse_ns("2006-01-02 15:04 MST -0700", "1970-01-02 00:00 GMT+3 -0100")', 86400000000000 + 3600e9],
  ['time.parse_ns("Jan _2 2006 3:04pm", "jun  3 2017 2:00am") == 1496455200000000000', true],
  // abbreviations carry no offset Go could know: OPA on a UTC host reads them as UTC
  ['time.parse_ns("2006-01-02 15:04 MST", "1970-01-02 00:00 CEST")', 86400000000000],
  ['time.parse_ns("2006-01-02 15:04 MST", "1970-01-02 00:00 +07")', 86400000000000],
  ['time.parse_ns("2006-01-02 15:04 MST", "1970-01-02 00:00 cest")', undefined],
  ['time.parse_ns("2006-01-02 15:04 MST", "1970-01-02 00:00 GMT+25")', undefined],
  ['time.parse_ns("2006-01-02", "2020-02-29")', 1582934400000000000], ['time.parse_ns("2006 002", "2020 060")', 1582934400000000000],
  ['time.parse_ns("06-01-02", "69-01-01") < 0', true], ['time.parse_ns("06-01-02", "68-01-01") > 0', true],
  // a fraction in the value is read with the seconds even when the layout has none; `,` works like `.`
  ['time.parse_ns("2006-01-02 15:04:05", "1970-01-01 00:00:01.25")', 1250000000],
  ['time.parse_ns("2006-01-02 15:04:05.000", "1970-01-01 00:00:01,250")', 1250000000],
  ['time.parse_ns("2006-01-02 15:04:05.000", "1970-01-01 00:00:01.25")', undefined],
  ['time.parse_ns("2006-01-02 15:04:05.999", "1970-01-01 00:00:01")', 1000000000],
  ['time.parse_ns("3:04PM", "12:00AM")', undefined], // year 0 is outside int64 nanoseconds
  [`time.parse_ns("RFC3339Nano", "1677-09-21T00:12:43.145224192Z") == ${MIN}`, true],
  [`time.parse_ns("RFC3339", "2262-04-11T23:47:16.854775807Z") == ${MAX}`, true],
  ['time.parse_ns("RFC3339", "1677-09-21T00:12:43.145224191Z")', undefined],
  ['time.parse_ns("RFC3339", "2262-04-11T23:47:16.854775808Z")', undefined],
  ['time.parse_ns("2006-01-02", "2021-02-29")', undefined], ['time.parse_ns("2006-01-02", "2021-13-01")', undefined],
  ['time.parse_ns("2006-01-02", "2021-01-01 ")', undefined], ['time.parse_ns("2006-01-02", "2021/01/01")', undefined],
  ['time.parse_ns("15:04 2006", "24:00 2021")', undefined], ['time.parse_ns("Z07:00 2006", "+25:00 2021")', undefined],
  ['time.parse_ns(1, "2021")', undefined],
];

describe('time.format and time.parse_ns (Go layouts), and time zones', () => {
  for (const [expr, want] of [...FORMAT, ...PARSE, ...ZONES]) {
    it(`${expr} → ${JSON.stringify(want)}`, async () => {
      assert.deepEqual(await evalExpr(expr), want);
    });
  }

  it('parse_ns reads back what format wrote, to the nanosecond, across the int64 range', async () => {
    const instants = [MIN, '-1', '0', '951782400123456789', String(NS), MAX];
    const layouts = ['RFC3339Nano', '2006-01-02 15:04:05.000000000 -0700', 'Monday 02 January 2006 03:04:05.999999999PM Z0700'];
    const checks = instants.flatMap((ns) => layouts.map((l) => `time.parse_ns("${l}", time.format([${ns}, "UTC", "${l}"])) == ${ns}`));
    assert.deepEqual(await evalExpr(`[${checks.join(', ')}]`), checks.map(() => true));
  });

  it('time.diff borrows the length of the earlier month, as OPA does', async () => {
    const day = (d: string): string => `time.parse_ns("2006-01-02", "${d}")`;
    assert.deepEqual(await evalExpr(`time.diff(${day('2004-02-29')}, ${day('2005-03-01')})`), [1, 0, 1, 0, 0, 0]);
    assert.deepEqual(await evalExpr(`time.diff(${day('2020-02-02')}, ${day('2020-03-01')})`), [0, 0, 28, 0, 0, 0]);
    assert.deepEqual(await evalExpr(`time.diff(${day('2021-03-01')}, ${day('2021-02-02')})`), [0, 0, 27, 0, 0, 0]);
  });
});

describe('the zone host built-in', () => {
  /** Names in the module's `builtins` export, read as the SDK reads them. */
  const hostNames = async (rule: string): Promise<string[]> => {
    const policy = await compile(`package t\n${rule}\n`, ['t/x']);
    const { wasmInstance, mem } = policy as unknown as { wasmInstance: WebAssembly.Instance; mem: WebAssembly.Memory };
    const exports = wasmInstance.exports as { builtins(): number; opa_json_dump(addr: number): number };
    const text = new Uint8Array(mem.buffer).subarray(exports.opa_json_dump(exports.builtins()));
    return Object.keys(JSON.parse(Buffer.from(text.subarray(0, text.indexOf(0))).toString('utf8')) as object);
  };

  it('is declared by the time built-ins that take a zone, and only by them', async () => {
    assert.deepEqual(await hostNames('x := time.date(0)'), ['sphere.zone_offset']);
    assert.deepEqual(await hostNames('x := time.parse_ns("2006", "2020")'), []);
    assert.deepEqual(await hostNames('x := [time.format(0), time.now_ns()]'), ['sphere.zone_offset', 'time.now_ns']);
  });
});

describe('time.now_ns on the default clock, and test.sleep', () => {
  it('one evaluation sees one instant even across a sleep; the next evaluation a later one', async () => {
    const policy = await compile('package t\nx := [t0, t1] if {\n t0 := time.now_ns()\n test.sleep("30ms")\n t1 := time.now_ns()\n}\n', ['t/x']);
    const started = Date.now();
    const [t0, t1] = valueOf(policy, 't/x') as [number, number];
    assert.ok(Date.now() - started >= 30, 'test.sleep blocks for its duration');
    assert.equal(t0, t1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [later] = valueOf(policy, 't/x') as [number, number];
    assert.ok(later > t0);
  });

  it('test.sleep is undefined for a malformed duration', async () => {
    assert.equal(await evalExpr('test.sleep("10 ms")'), undefined);
    assert.equal(await evalExpr('test.sleep("0m0.001s")'), null);
  });

  it('is not there for the Rego tests the connector runs when a policy is published: a sleeping test fails at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sphere-sleep-'));
    try {
      writeFileSync(join(dir, 'sleep_test.rego'), 'package t\n\ntest_sleeps if test.sleep("1h")\n');
      const started = Date.now();
      const report = await runRegoTests({ dir });
      assert.ok(Date.now() - started < 60_000, 'did not sleep');
      assert.equal(report.failed, 1);
      assert.match(String(report.results[0]?.error), /test\.sleep/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
