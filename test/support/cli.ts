import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';

export interface Run { code: number; stdout: string; stderr: string }

/** Runs the CLI in-process, in `cwd`, with captured output. */
export async function meshlint(args: string[], cwd: string, stdin: string | Uint8Array = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr };
}

/** A temporary directory holding these files (paths relative to it). */
export function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A Sidecar whose only egress listener has no hosts: one `sidecar-egress-hosts-required` error on line 8. */
export const badSidecar = (namespace = 'shop') => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: ${namespace}
spec:
  egress:
  - port: {number: 80, protocol: HTTP, name: http}
`;

export const BAD_SIDECAR = badSidecar();
