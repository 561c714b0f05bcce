/** Severity of a finding. `.lintrc` may override a rule's default or turn the rule `off`. */
export type Severity = 'error' | 'warning' | 'info';

/** A path into a document's data: map keys and sequence indices, outermost first. */
export type Path = readonly (string | number)[];

/** Plain JSON-like data as parsed from YAML. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A Kubernetes object read from a file. */
export interface Resource {
  /** `Kind`, e.g. `Sidecar`. */
  readonly kind: string;
  /** As written, e.g. `networking.istio.io/v1`. */
  readonly apiVersion: string;
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** `metadata.name`, `''` when missing. */
  readonly name: string;
  /** Effective namespace; `undefined` for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  /** Path of the file as given to or found by meshlint. */
  readonly file: string;
  /** 0-based index of the YAML document in its file. */
  readonly doc: number;
  /** Where the object sits inside its document: `[]`, or `['items', i]` for a `kind: List` item. */
  readonly base: Path;
  /** The object's plain data. */
  readonly body: JsonObject;
  /**
   * `Kind namespace/name` or `Kind name`, as every message names resources; the kind is
   * written `Kind.group` where it alone would be ambiguous (`Gateway.gateway.networking.k8s.io shop/web`).
   */
  readonly ref: string;
  /** `group/Kind` (`Kind` alone for the core group): what rule metadata lists in `kinds`. */
  readonly groupKind: string;
}

/** Read-only view of every resource of a run, indexed for cross-resource rules. */
export interface ResourceSet {
  /** Every resource, in file and document order. */
  all(): readonly Resource[];
  /** Resources of one `group/Kind` (core kinds without a group: `Namespace`). */
  ofKind(groupKind: string): readonly Resource[];
  /** Resources of one `group/Kind` in one namespace. */
  inNamespace(groupKind: string, namespace: string): readonly Resource[];
  /** The resource of that `group/Kind`, namespace (undefined for cluster-scoped) and name. */
  get(groupKind: string, namespace: string | undefined, name: string): Resource | undefined;
  /**
   * A fact about the whole run (e.g. the mesh-wide native-sidecar decision), computed once
   * and shared by every rule, so that a per-resource check does not rescan every resource.
   * Its value depends only on the key, the settings and what `compute` looks up in this set
   * (look values up inside `compute`, never close over ones the rule found): editors and
   * cached runs compute it again, without the rule, when what it looked up changes.
   */
  memo<T>(key: string, compute: () => T): T;
  /**
   * Every definition of the object of that `group/Kind`, namespace and name, in file and
   * document order: more than one when the run holds copies. The other lookups see only the
   * last, the one applied last.
   */
  definitions?(groupKind: string, namespace: string | undefined, name: string): readonly Resource[];
}

/** Settings from `.lintrc` that rules may read. */
export interface Settings {
  readonly defaultNamespace: string;
  readonly rootNamespace: string;
  readonly kubernetesVersion?: string;
  readonly mesh?: { readonly flavor: 'istio' | 'asm' | 'anthos'; readonly version?: string };
  readonly nativeSidecars: 'auto' | 'enabled' | 'disabled';
}

/** Another place a finding refers to: SARIF `relatedLocations`, "see also" in text. */
export interface Related {
  readonly resource: Resource;
  /** Path inside `resource.body`; `[]` or omitted points at the resource's name. */
  readonly at?: Path;
  readonly message?: string;
}

/**
 * One change a fix makes, at a path inside the resource's body: set a scalar there (map
 * entries that are missing on the way are created; a sequence item must exist), or remove
 * the map entry or the scalar sequence item there (never a sequence's last item).
 */
export type FixEdit =
  | { readonly at: Path; readonly set: string | number | boolean }
  | { readonly at: Path; readonly remove: true };

/** A fix a rule offers with a finding: applied whole or not at all, only when unambiguous. */
export interface Fix {
  /** What it does, e.g. `write "Always"`: shown in SARIF and in the dry run. */
  readonly description: string;
  readonly edits: readonly FixEdit[];
}

export interface Report {
  /**
   * What is wrong with this instance: one sentence of at most 160 characters that names the
   * resource and the values in double quotes; no final period.
   */
  readonly message: string;
  /** Why it matters and how to fix this instance, when that says more than the rule's docs. */
  readonly hint?: string;
  /** Path inside the resource's body; `[]` or omitted points at `metadata.name`. */
  readonly at?: Path;
  /** For a map entry: mark only its `key` or only its `value` (default: key through scalar value). */
  readonly focus?: 'key' | 'value';
  readonly related?: readonly Related[];
  /** Lowers this finding's severity below the configured one (e.g. weaker evidence); never raises it. */
  readonly severity?: Severity;
  /** The change that removes the finding, when it is mechanical; only rules with `meta.fixable` offer one. */
  readonly fix?: Fix;
  /** This finding's own istioctl code (e.g. `IST0133` for a warning), where it differs by finding; else `meta.istio`. */
  readonly code?: string;
}

export interface RuleContext {
  readonly resources: ResourceSet;
  readonly settings: Settings;
  /** The rule's options, with the defaults of its options schema filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * The metadata of every rule this run knows (built-in and plugins, on or off): what a rule
   * needs to leave to another rule what that rule declares it reports (see `RuleMeta.covers`).
   */
  readonly rules?: readonly RuleMeta[];
  report(report: Report): void;
}

/**
 * A check of a CRD's schema that a rule reports in its own, more specific words. `path` names
 * the field (`spec.egress.*.hosts`, `*` for any list item or map value): the field that is
 * missing for `required`, the unknown key for `additionalProperties`, the value otherwise.
 * `keywords` are the schema keywords (`required`, `type`, `enum`, `minimum`, …) or `cel`
 * for the CEL rules (`x-kubernetes-validations`) of that field.
 */
export interface SchemaCheck {
  /** `group/Kind`, as in `RuleMeta.kinds`. */
  readonly kind: string;
  readonly path: string;
  readonly keywords: readonly string[];
}

/**
 * What the loader can meet in a file before any rule runs: `syntax` YAML that cannot be
 * parsed; `unreadable` a file that cannot be read as UTF-8 text; `unrendered` a Helm chart
 * template; `shape` an object the API server would reject for its apiVersion, kind or
 * metadata; `internal` a bug of meshlint met while reading the file. Which rule reports
 * each is said by the rules' `meta.problems`, nowhere else.
 */
export const PROBLEM_CODES = ['syntax', 'unreadable', 'unrendered', 'shape', 'internal'] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** What a file-level rule reports: a position in the file (1-based, end exclusive) and its message. */
export interface FileReport extends Omit<Location, 'file'> {
  /** One sentence of at most 160 characters, values in double quotes, no final period. */
  readonly message: string;
  /** Why it matters and how to fix it. */
  readonly hint?: string;
  /** The change that removes it, with paths from the root of document `doc` of the file; only rules with `meta.fixable` pass it on. */
  readonly fix?: DocumentFix;
}

/** A fix with the document of the file its paths start in. */
export interface DocumentFix extends Fix {
  /** 0-based index of the document in its file. */
  readonly doc: number;
}

/** A problem the loader met in a file. */
export interface SourceProblem extends FileReport {
  /** What it is; the rule whose `meta.problems` lists this code reports it. */
  readonly code: ProblemCode;
}

/** What a file-level rule sees of one input file. */
export interface SourceFile {
  readonly file: string;
  /** The loader's problems in this file whose code the rule lists in `meta.problems`. */
  readonly problems: readonly SourceProblem[];
}

/** A `# meshlint-disable…` comment, as rules that check directives see it once suppression is done. */
export interface DisableDirective {
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  /** The rule ids it names; empty for every rule. */
  readonly rules: readonly string[];
  readonly reason: string;
  /** Whether it suppressed at least one finding. */
  readonly used: boolean;
}

/** The disable directives of one input file. */
export interface DirectiveFile {
  readonly file: string;
  readonly directives: readonly DisableDirective[];
}

export interface FileRuleContext {
  readonly settings: Settings;
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * Every rule id this run knows (built-in and plugins, on or off); `complete` is false
   * when plugins named in the configuration were not loaded, so their ids are missing.
   */
  readonly rules?: { readonly ids: readonly string[]; readonly complete: boolean };
  report(report: FileReport): void;
}

/** Rule metadata: the single source for docs, SARIF and the config schema. */
export interface RuleMeta {
  /** kebab-case; equals the file name, doc anchor and SARIF ruleId. Never renamed. */
  readonly id: string;
  /** One line, verb first, no final period. */
  readonly description: string;
  /** Why it matters: what goes wrong in the cluster. */
  readonly rationale: string;
  /** How to fix it. */
  readonly remediation: string;
  readonly severity: Severity;
  /** `group/Kind` entries the rule is called for (`*` for every resource); `[]` for file-level rules. */
  readonly kinds: readonly string[];
  /**
   * Other `group/Kind`s the rule looks up in `ctx.resources`. Documents of kinds that no
   * enabled rule lists in `kinds` or `reads` are never parsed, and a lookup of an unlisted
   * kind fails the rule.
   */
  readonly reads?: readonly string[];
  /**
   * For some of the kinds above, the only object names (globs) the rule cares about, so
   * that other objects of those kinds need not be parsed (e.g. `{ ConfigMap: ['istio', 'istio-*'] }`).
   */
  readonly names?: Readonly<Record<string, readonly string[]>>;
  /** Equivalent `istioctl analyze` code, if any. */
  readonly istio?: string;
  /** JSON Schema of the options object; its `default`s are the defaults. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Search tags shown in SARIF (e.g. `istio`, `native-sidecar`). */
  readonly tags?: readonly string[];
  /** For a file-level rule: the loader problems it reports (see `ProblemCode`). */
  readonly problems?: readonly ProblemCode[];
  /**
   * The name of a boolean option of this rule that, set to true, has every document parsed,
   * whatever its kind (e.g. to report syntax errors in documents that no rule reads). With
   * every such option false, documents of kinds no rule reads are skipped unparsed.
   */
  readonly allDocumentsOption?: string;
  /** Off unless `.lintrc` (or a command-line flag) turns it on; `severity` is its severity then. */
  readonly optIn?: boolean;
  /** Some of its findings carry a `fix` that `--fix` applies. */
  readonly fixable?: boolean;
  /**
   * Schema checks this rule reports itself, with a message that says more: the rules that
   * validate resources against their CRDs do not report them while this rule is part of the
   * run, enabled or not, so that one problem has one finding and one switch.
   */
  readonly covers?: readonly SchemaCheck[];
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Called once for each resource whose kind is in `meta.kinds`. */
  check?(resource: Resource, ctx: RuleContext): void;
  /** Called once for each input file, with the loader problems the rule lists in `meta.problems`. */
  checkFile?(source: SourceFile, ctx: FileRuleContext): void;
  /** Called once for each input file that has disable directives, after suppression. */
  checkDirectives?(source: DirectiveFile, ctx: FileRuleContext): void;
}

/** A position in a file; lines and columns 1-based, columns in UTF-16 code units, end exclusive. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Who a finding is about, computed once from its resource; formats, baselines and fingerprints read it. */
export interface ResourceIdentity {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly kind: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly name: string;
  /** The resource's unambiguous reference, as `Resource.ref` and messages write it. */
  readonly ref: string;
}

/** A location in a file meshlint read: `file` as shown, `absolutePath` to open it. */
export interface FileLocation extends Location {
  /** The absolute path of `file` (for stdin, resolved from the working directory). */
  readonly absolutePath: string;
}

export interface RelatedLocation extends FileLocation {
  readonly message: string;
  /** The related resource, so that formats link it by its reference. */
  readonly resource?: ResourceIdentity;
}

export interface Suppression {
  readonly kind: 'comment' | 'annotation' | 'config' | 'istio' | 'baseline';
  readonly justification: string;
}

export interface Finding extends FileLocation {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Why it matters and how to fix it, beside the short message. */
  readonly hint?: string;
  /** The finding's istioctl code, when its rule gives one per finding (`Report.code`). */
  readonly code?: string;
  /** The resource reported on; absent for file-level findings such as syntax errors. */
  readonly resource?: ResourceIdentity;
  /** The path reported inside the resource's body (`[]` for the resource itself), for stable fingerprints. */
  readonly at?: Path;
  readonly related: readonly RelatedLocation[];
  /** The cluster whose world the finding was found in, when `.lintrc` declares clusters. */
  readonly cluster?: string;
  /** Set when a directive, annotation or `ignore` entry suppressed the finding. */
  suppression?: Suppression;
  /** The rule's fix: edits at paths of document `doc` of `file` (from the document's root), and once resolved, the text it changes. */
  fix?: FindingFix;
}

/** A fix of a finding: its edits, and the text replacements they come to in the file. */
export interface FindingFix extends DocumentFix {
  /** Set when the edits apply unambiguously to the text the file was parsed from. */
  replacements?: readonly TextReplacement[];
}

/** Text from `offset` (UTF-16 code units into the file, after any byte order mark), `length` long, replaced by `text`; the region is 1-based, end exclusive. */
export interface TextReplacement {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
  readonly region: { readonly startLine: number; readonly startColumn: number; readonly endLine: number; readonly endColumn: number };
}

/** The severity a rule has when `.lintrc` does not mention it. */
export const defaultSeverity = (meta: RuleMeta): Severity | 'off' => (meta.optIn ? 'off' : meta.severity);

/** Identity helper that gives rule files their types. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
