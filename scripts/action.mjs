// Entry point of action.yml's lint step; the logic is in src/cli/action.ts.
import { runAction } from '../dist/src/cli/action.js';

process.exitCode = await runAction(process.env, process.cwd(), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
