import assert from 'node:assert/strict';
import { isoTime } from '../../connector/src/store/iso-time';

describe('isoTime', () => {
  it('writes what toISOString writes, for repeated, new and earlier times alike, and refuses an invalid date', () => {
    const times = [0, 1_764_756_000_123, 1_764_756_000_123, 1_764_756_000_124, -62_198_755_200_000, 8.64e15, 1_764_756_000_123];
    for (const ms of times) assert.equal(isoTime(new Date(ms)), new Date(ms).toISOString());
    assert.throws(() => isoTime(new Date(Number.NaN)), RangeError);
    assert.equal(isoTime(new Date(5)), '1970-01-01T00:00:00.005Z');
  });
});
