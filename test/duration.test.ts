import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { goDurationNs } from '../src/k8s/duration.js';

describe('Go durations', () => {
  test('parse as time.ParseDuration reads them, in nanoseconds', () => {
    assert.equal(goDurationNs('1h2m3.5s'), 3723.5e9);
    assert.equal(goDurationNs('1m30s'), 90e9);
    assert.equal(goDurationNs('1.5h'), 5400e9);
    assert.equal(goDurationNs('250ms'), 250e6);
    assert.equal(goDurationNs('1500us'), 1.5e6);
    assert.equal(goDurationNs('250\u00b5s'), 250e3);
    assert.equal(goDurationNs('7\u03bcs'), 7e3);
    assert.equal(goDurationNs('.5s'), 0.5e9);
    assert.equal(goDurationNs('2.s'), 2e9);
    assert.equal(goDurationNs('-2ms'), -2e6);
    assert.equal(goDurationNs('+3ns'), 3);
    for (const zero of ['0', '+0', '-0']) assert.equal(Math.abs(goDurationNs(zero)!), 0, zero);
  });

  test('reject what Go rejects', () => {
    for (const bad of ['', '5', '10', '1d', 's', '.s', '1.5.5s', ' 5s', '5s ', '1h-2m', '--1s', '00']) assert.equal(goDurationNs(bad), undefined, bad);
  });
});
