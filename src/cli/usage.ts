/** `meshlint --help`. */
// Every line at most 80 columns (a test checks it).
export const USAGE = `Usage: meshlint [options] [file|dir|glob|-]...
       meshlint init [--force] [dir]
       meshlint lsp [--stdio] [--no-plugins]

Lints Kubernetes and service-mesh manifests. With no path, lints the "include"
globs of .lintrc, or the working directory.

Options:
  -c, --config PATH       use this configuration instead of the nearest .lintrc
      --no-config         ignore every .lintrc
      --no-plugins        load no plugin named in .lintrc (plugins are code)
      --rule ID:SEVERITY  set a rule to error, warning, info or off (repeatable)
      --print-config FILE print the configuration that applies to FILE, as JSON
  -f, --format NAME       pretty (default), text, json, sarif, github
  -o, --output FILE       write the report to FILE (directories are created)
      --color, --no-color colour pretty output (default: only on a terminal;
                          NO_COLOR and FORCE_COLOR are respected)
      --quiet             report errors only
      --stdin-filename NAME
                          file name for findings of input read from "-"
      --fail-on LEVEL     exit 1 on findings at or above error (default),
                          warning or info
      --max-warnings N    exit 1 when there are more than N warnings
      --fix               apply the fixes rules offer, in place
      --fix-dry-run       print the fixes as a unified diff, change nothing
      --report-unused-disable-directives
                          report disable comments that suppress nothing
      --no-error-on-unmatched-pattern
                          skip paths and globs that match no file
      --sarif-category ID automationDetails.id of the SARIF run
  -j, --jobs N            threads that parse files (default: available cores)
      --cache             reuse what earlier runs parsed from unchanged files
      --no-cache          do not read or write the cache
      --cache-location DIR
                          the cache's one directory; default
                          node_modules/.cache/meshlint, or .git/meshlint-cache
                          when the repository has no node_modules
      --context, --no-context
                          read the "include" files as context for the named
                          files and report only on the named ones (default:
                          on when files are named and .lintrc has "include")
      --baseline FILE     report only findings that FILE does not list
      --write-baseline    write the current findings to the --baseline FILE
      --list-rules        print the rules (with -f json: as JSON) and exit
  -v, --verbose           show how to fix each finding (pretty), and say which
                          files and documents were skipped, and why
      --debug             show stack traces of internal errors
      --version           print the version
  -h, --help              print this help

"meshlint init" writes a starter .lintrc guessed from the manifests under dir
(default: the working directory); --force replaces an existing one.
"meshlint lsp" is a language server on stdin and stdout, for editors.

Exit codes: 0 no findings at or above the fail level, 1 findings at or above
it, 2 usage, configuration or internal error.
`;
