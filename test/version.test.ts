import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, below, compareVersions, minorOf, parseVersion } from '../src/k8s/version.js';

const version = (text: string | undefined) => parseVersion(text)?.version;

test('parseVersion reads release numbers, with or without v and missing parts', () => {
  assert.equal(version('1.24'), '1.24.0');
  assert.equal(version('v1.24.3'), '1.24.3');
  assert.equal(version('V2'), '2.0.0');
  assert.equal(version('1.0'), '1.0.0');
  assert.equal(version('7.52.0'), '7.52.0');
  assert.equal(version('v0.5.2'), '0.5.2');
  assert.equal(version(' 1.30 '), '1.30.0');
  assert.equal(version('01.02.03'), '1.2.3');
});

test('parseVersion keeps the upstream release of vendor builds', () => {
  assert.equal(version('1.22.2.35-ge64ec8af-aliyun'), '1.22.2');
  assert.equal(version('1.18.7-asm.4'), '1.18.7');
  assert.equal(version('25.2.0-0'), '25.2.0');
  assert.equal(version('7.52.0-jmx'), '7.52.0');
  assert.equal(version('1.5.10+build.1'), '1.5.10');
  assert.equal(version('1.24.x'), '1.24.0');
});

test('parseVersion returns undefined for tags that name no version', () => {
  for (const tag of [undefined, '', 'latest', 'main', 'v', 'vx1', '1234abc', 'e64ec8af', 'sha-abc3', '1.2abc', '-1.2']) {
    assert.equal(parseVersion(tag), undefined, String(tag));
  }
  assert.equal(parseVersion('99999999999999999999.1'), undefined);
});

test('vendor builds compare equal to their upstream release, not before it', () => {
  assert.equal(compareVersions('1.18.7-asm.4', '1.18.7'), 0);
  assert.equal(compareVersions('1.22.2.35-ge64ec8af-aliyun', 'v1.22.2'), 0);
  assert.equal(compareVersions('1.9', '1.10'), -1);
  assert.equal(compareVersions('1.10.0', '1.9.9'), 1);
  assert.equal(compareVersions('latest', '1.0'), undefined);
});

test('atLeast and below compare against a bound and leave unknown versions undecided', () => {
  assert.equal(atLeast('1.33', '1.33.0'), true);
  assert.equal(atLeast('v1.32.9', '1.33'), false);
  assert.equal(atLeast('1.22.2.35-ge64ec8af-aliyun', '1.22'), true);
  assert.equal(atLeast('1.18.7-asm.4', '1.19'), false);
  assert.equal(atLeast('latest', '1.0'), undefined);
  assert.equal(atLeast(undefined, '1.0'), undefined);
  assert.equal(below('7.51.9', '7.52.0'), true);
  assert.equal(below('7.52.0', '7.52.0'), false);
  assert.equal(below('latest', '7.52.0'), undefined);
});

test('a bound that is not a version is a programming error', () => {
  assert.throws(() => atLeast('1.0', 'latest'), TypeError);
  assert.throws(() => below('1.0', ''), TypeError);
});

test('minorOf drops the patch and vendor suffix', () => {
  assert.equal(minorOf('v1.24.3'), '1.24');
  assert.equal(minorOf('1.22.2.35-ge64ec8af-aliyun'), '1.22');
  assert.equal(minorOf('1'), '1.0');
  assert.equal(minorOf('latest'), undefined);
});
