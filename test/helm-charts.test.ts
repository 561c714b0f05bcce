import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { HelmCharts } from '../src/input/helm-charts.js';

test('an unrendered chart is named by a path relative to the shown file, never an absolute one', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-chart-'));
  try {
    mkdirSync(path.join(dir, 'web', 'templates'), { recursive: true });
    writeFileSync(path.join(dir, 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    const absolute = path.join(dir, 'web', 'templates', 'service.yaml');
    const charts = new HelmCharts();
    // Linted from inside the templates folder: the file is shown without the chart's path.
    const template = charts.templateOf('service.yaml', absolute, 'name: {{ .Release.Name }}\n');
    assert.equal(template?.chart, '..');
    charts.add(template!);
    const [file] = charts.files();
    assert.equal(file!.problems[0]!.message, 'Helm chart ".." is not rendered, so its template was not linted');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
