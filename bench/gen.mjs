#!/usr/bin/env node
// Deterministic generator of a mesh manifest repository for the benchmark.
//
//   node bench/gen.mjs OUT --namespaces N [--variant mesh|crd] [--seed S] [--clean]
//
// mesh: one folder per namespace (Namespace, default Sidecar, one multi-document
//       file per service with Deployment, Service, often a VirtualService, a
//       DestinationRule and a ServiceAccount, and an edge file with a Gateway, a
//       ServiceEntry and a gateway VirtualService), plus istio-system with istiod and
//       the injector MutatingWebhookConfigurations, plus seeded defects.
//       500 namespaces: ~6,000 files, ~21,000 documents, ~8 MB.
// crd:  about the same bytes, mostly large CustomResourceDefinitions and big
//       ConfigMaps that no mesh rule reads, plus a few mesh objects.
//
// The output depends only on (namespaces, variant, seed): no clock, no
// Math.random, and each namespace draws from its own seeded stream, so a
// namespace's files are the same whatever the total size.
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Seeded 32-bit PRNG (mulberry32). Returns floats in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream for one part of the corpus, independent of every other part. */
function streamFor(seed, ...keys) {
  let h = 2166136261 ^ seed;
  for (const ch of keys.join('/')) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const next = prng(h >>> 0);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    shuffle: (xs) => {
      const a = [...xs];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    },
  };
  return r;
}

const pad = (n) => String(n).padStart(4, '0');
const TEAMS = ['payments', 'search', 'checkout', 'identity', 'catalog', 'media', 'ledger', 'growth', 'support', 'data'];
const APPS = ['api', 'web', 'worker', 'gateway', 'auth', 'cart', 'orders', 'inventory', 'pricing', 'notifier',
  'reports', 'billing', 'profile', 'ratings', 'shipping'];
const CLUSTERS = ['prod-eu', 'prod-us', 'staging'];
const ISTIO = '1.24.2';
const CANARY = '1.25.1';

const nsName = (n) => `${TEAMS[n % TEAMS.length]}-${pad(n)}`;
const nsDir = (n) => join('clusters', CLUSTERS[n % CLUSTERS.length], nsName(n));

/**
 * Seeded defects, one kind per residue: namespace n carries defect k when
 * n % DEFECT_EVERY === k + 1, so any corpus of 5 or more namespaces has each.
 */
const DEFECT_EVERY = 40;
const DEFECTS = ['namespace-both-injection-labels', 'sidecar-two-default', 'sidecar-egress-no-hosts', 'sidecar-host-no-namespace'];
const defectOf = (n) => DEFECTS[(n % DEFECT_EVERY) - 1];
/** Traffic-management defects, on the residues after those above (corpora of 9 or more namespaces have each). */
const TRAFFIC_DEFECTS = ['virtual-service-subset-undefined', 'gateway-port-unexposed', 'service-entry-addresses-required', 'virtual-service-gateway-undefined'];
const trafficDefectOf = (n) => TRAFFIC_DEFECTS[(n % DEFECT_EVERY) - 1 - DEFECTS.length];

// ---------------------------------------------------------------- mesh objects

function namespaceDoc(n, r) {
  const name = nsName(n);
  // The first namespaces cover each labelling, so that small corpora have all of them.
  const u = n < 5 ? [0.1, 0.1, 0.5, 0.75, 0.9][n] : r.next();
  const inj = defectOf(n) === 'namespace-both-injection-labels'
    ? ['istio-injection: enabled', 'istio.io/rev: canary']
    : u < 0.45 ? ['istio-injection: enabled']
      : u < 0.7 ? ['istio.io/rev: canary']
        : u < 0.8 ? ['istio-injection: disabled']
          : [];
  const labels = [...inj, `team: ${TEAMS[n % TEAMS.length]}`, `kubernetes.io/metadata.name: ${name}`];
  if (r.chance(0.3)) labels.push(`cost-center: cc-${r.int(100, 999)}`);
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${labels.map((l) => `    ${l}\n`).join('')}  annotations:
    owner: ${TEAMS[n % TEAMS.length]}@example.com
`;
}

/** The same Namespace as JSON, as `kubectl get -o json` writes it. */
function namespaceJson(n, r) {
  const labels = { team: TEAMS[n % TEAMS.length], 'kubernetes.io/metadata.name': nsName(n) };
  if (r.chance(0.5)) labels['istio-injection'] = 'enabled';
  return JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: nsName(n), labels } }, null, 2) + '\n';
}

function sidecarDocs(n, namespaces, r) {
  const name = nsName(n);
  const defect = defectOf(n);
  const hosts = ['./*', 'istio-system/*', `${nsName((n + 1) % namespaces)}/*`];
  if (r.chance(0.4)) hosts.push(`${nsName((n + 7) % namespaces)}/api.${nsName((n + 7) % namespaces)}.svc.cluster.local`);
  if (r.chance(0.2)) hosts.push('monitoring/prometheus.monitoring.svc.cluster.local');
  if (defect === 'sidecar-host-no-namespace') hosts.push('foo');
  const docs = [`apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: ${name}
spec:
${r.chance(0.3) ? '  outboundTrafficPolicy:\n    mode: REGISTRY_ONLY\n' : ''}  egress:
  - hosts:
${hosts.map((h) => `    - "${h}"\n`).join('')}`];
  if (defect === 'sidecar-two-default') {
    docs.push(`apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: legacy-default
  namespace: ${name}
spec:
  egress:
  - hosts:
    - "./*"
`);
  }
  if (defect === 'sidecar-egress-no-hosts') {
    docs.push(`apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: api-egress
  namespace: ${name}
spec:
  workloadSelector:
    labels:
      app: api
  egress:
  - port:
      number: 9080
      protocol: HTTP
      name: egress-http
  - hosts:
    - "./*"
`);
  }
  return docs;
}

function envBlock(ns, app, r) {
  const env = [
    ['LOG_LEVEL', r.pick(['info', 'debug', 'warn'])],
    ['SERVICE_NAME', app],
    ['POD_NAMESPACE', null],
    ['DB_HOST', `pg.${ns}`],
    ['CACHE_TTL_SECONDS', `"${r.int(30, 900)}"`],
    ['FEATURE_FLAGS', `"${r.shuffle(['beta', 'fast-path', 'new-ui', 'audit']).slice(0, r.int(1, 3)).join(',')}"`],
  ].slice(0, r.int(0, 3));
  if (env.length === 0) return '';
  return '        env:\n' + env.map(([k, v]) => v === null
    ? `        - name: ${k}\n          valueFrom:\n            fieldRef:\n              fieldPath: metadata.namespace\n`
    : `        - name: ${k}\n          value: ${v}\n`).join('');
}

function deploymentDoc(n, app, s, r, stats) {
  const ns = nsName(n);
  const port = r.pick([8080, 8080, 8080, 9090, 3000]);
  const annotations = r.chance(0.3) ? [`prometheus.io/scrape: "true"`, `prometheus.io/port: "${port}"`] : [];
  const flavour = r.next();
  let init = '';
  if (flavour < 0.12) {
    // A hand-written native sidecar: an init container with restartPolicy Always.
    stats.nativeInit++;
    init = `      initContainers:
      - name: ${r.pick(['log-shipper', 'istio-proxy'])}
        image: ${r.chance(0.5) ? `docker.io/istio/proxyv2:${ISTIO}` : 'cr.fluentbit.io/fluent/fluent-bit:3.1.4'}
        restartPolicy: Always
        ports:
        - containerPort: 15090
          name: http-envoy-prom
`;
  } else if (flavour < 0.27) {
    stats.nativeAnnotation++;
    annotations.push('sidecar.istio.io/nativeSidecar: "true"');
  }
  if (r.chance(0.3)) annotations.push(`sidecar.istio.io/proxyCPU: "${r.pick(['100m', '200m', '500m'])}"`);
  if (r.chance(0.1)) annotations.push(`sidecar.istio.io/proxyMemory: "${r.pick(['128Mi', '256Mi'])}"`);
  const podLabels = [`app: ${app}`, 'version: v1'];
  if (r.chance(0.05)) podLabels.push('sidecar.istio.io/inject: "false"');
  const volumes = r.chance(0.2);
  const probes = r.chance(0.3);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app: ${app}
spec:
  replicas: ${r.int(1, 6)}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
${podLabels.map((l) => `        ${l}\n`).join('')}${annotations.length ? '      annotations:\n' : ''}${annotations.map((a) => `        ${a}\n`).join('')}    spec:
      serviceAccountName: ${app}
${init}      containers:
      - name: ${app}
        image: registry.example.com/${ns}/${app}:1.${s}.${r.int(0, 20)}
        ports:
        - containerPort: ${port}
          name: http
${envBlock(ns, app, r)}${probes ? `        readinessProbe:
          httpGet:
            path: /healthz/ready
            port: ${port}
` : ''}        resources:
          requests:
            cpu: ${r.pick(['100m', '250m', '500m'])}
            memory: ${r.pick(['128Mi', '256Mi', '512Mi'])}
${volumes ? `        volumeMounts:
        - name: config
          mountPath: /etc/${app}
          readOnly: true
      volumes:
      - name: config
        configMap:
          name: ${app}-config
` : ''}`;
}

function serviceDoc(n, app, r) {
  const ns = nsName(n);
  const grpc = r.chance(0.2);
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app: ${app}
spec:
  selector:
    app: ${app}
  ports:
  - name: ${grpc ? 'grpc' : 'http-web'}
    port: ${grpc ? 9090 : 80}
    targetPort: http
${r.chance(0.1) ? '  - name: http-metrics\n    port: 9102\n' : ''}`;
}

function serviceAccountDoc(n, app) {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  namespace: ${nsName(n)}
`;
}

function virtualServiceDoc(n, app, canary, r) {
  const ns = nsName(n);
  const host = `${app}.${ns}.svc.cluster.local`;
  const route = canary
    ? `    - destination:
        host: ${host}
        subset: v1
      weight: 90
    - destination:
        host: ${host}
        subset: v2
      weight: 10
`
    : `    - destination:
        host: ${host}
        subset: v1
`;
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  hosts:
  - ${host}
${r.chance(0.2) ? `  gateways:\n  - mesh\n  - istio-system/public-gateway\n` : ''}  http:
${r.chance(0.1) ? `  - match:
    - headers:
        x-canary:
          exact: "1"
    route:
    - destination:
        host: ${host}
        subset: ${canary ? 'v2' : 'v1'}
` : ''}  - route:
${route}${r.chance(0.5) ? `    timeout: ${r.pick(['2s', '5s', '10s'])}\n` : ''}${r.chance(0.6) ? `    retries:
      attempts: ${r.int(1, 4)}
      perTryTimeout: ${r.pick(['500ms', '1s', '2s'])}
` : ''}`;
}

function destinationRuleDoc(n, app, canary, r) {
  const ns = nsName(n);
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  host: ${app}.${ns}.svc.cluster.local
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
${r.chance(0.15) ? `    connectionPool:
      tcp:
        maxConnections: ${r.pick([100, 200, 1000])}
      http:
        http2MaxRequests: ${r.pick([500, 1000])}
        maxRequestsPerConnection: 10
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
      baseEjectionTime: 60s
` : ''}  subsets:
  - name: v1
    labels:
      version: v1
${canary ? '  - name: v2\n    labels:\n      version: v2\n' : ''}`;
}

/** A Gateway of the namespace on the default ingress gateway, and a ServiceEntry for a partner API. */
function edgeDocs(n, r) {
  const ns = nsName(n);
  const defect = trafficDefectOf(n);
  const port = defect === 'gateway-port-unexposed' ? 8081 : 443;
  const tcp = defect === 'service-entry-addresses-required';
  return [`apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: ${ns}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: ${port}
      name: https
      protocol: HTTPS
    tls:
      mode: SIMPLE
      credentialName: ${ns}-cert
    hosts:
    - "./${ns}.example.com"
${r.chance(0.5) ? `  - port:
      number: 80
      name: http
      protocol: HTTP
    tls:
      httpsRedirect: true
    hosts:
    - "./${ns}.example.com"
` : ''}`, `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner-api
  namespace: ${ns}
spec:
  hosts:
  - api-${n % 7}.partner.example
  exportTo:
  - "."
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - number: ${tcp ? 5432 : 443}
    name: ${tcp ? 'postgres' : 'tls'}
    protocol: ${tcp ? 'TCP' : 'TLS'}
`, `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: public
  namespace: ${ns}
spec:
  hosts:
  - ${ns}.example.com
  gateways:
  - ${defect === 'virtual-service-gateway-undefined' ? 'public-gw' : 'public'}
  http:
  - match:
    - uri:
        prefix: /api
    route:
    - destination:
        host: api
        subset: ${defect === 'virtual-service-subset-undefined' ? 'v3' : 'v1'}
`];
}

/** Files of one mesh namespace, as [relativePath, documents[]]. */
function meshNamespace(n, namespaces, seed, stats) {
  const r = streamFor(seed, 'ns', String(n));
  const dir = nsDir(n);
  const files = [];
  if (n % 25 === 24) files.push([join(dir, 'namespace.json'), [namespaceJson(n, r)]]);
  else files.push([join(dir, 'namespace.yaml'), [namespaceDoc(n, r)]]);
  files.push([join(dir, 'sidecar.yaml'), sidecarDocs(n, namespaces, r)]);
  const apps = ['api', ...r.shuffle(APPS.filter((a) => a !== 'api'))].slice(0, r.int(8, 12));
  apps.forEach((app, s) => {
    const canary = r.chance(0.15);
    const docs = [];
    if (r.chance(0.3)) docs.push(serviceAccountDoc(n, app));
    docs.push(deploymentDoc(n, app, s, r, stats), serviceDoc(n, app, r));
    if (r.chance(0.85)) docs.push(virtualServiceDoc(n, app, canary, r));
    if (r.chance(0.85)) docs.push(destinationRuleDoc(n, app, canary, r));
    files.push([join(dir, `${app}.${s % 7 === 6 ? 'yml' : 'yaml'}`), docs]);
  });
  files.push([join(dir, 'edge.yaml'), edgeDocs(n, r)]);
  const defect = defectOf(n);
  if (defect) stats.defects.push({ defect, namespace: nsName(n) });
  const traffic = trafficDefectOf(n);
  if (traffic) stats.trafficDefects.push({ defect: traffic, namespace: nsName(n) });
  return files;
}

// ------------------------------------------------------------- istio-system

function injectorWebhook(rev) {
  const svc = rev ? `istiod-${rev}` : 'istiod';
  const nsSel = rev
    ? `  namespaceSelector:
    matchExpressions:
    - key: istio.io/rev
      operator: In
      values:
      - ${rev}
    - key: istio-injection
      operator: DoesNotExist
`
    : `  namespaceSelector:
    matchExpressions:
    - key: istio-injection
      operator: In
      values:
      - enabled
`;
  const whName = rev ? 'rev.namespace.sidecar-injector.istio.io' : 'namespace.sidecar-injector.istio.io';
  return `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector${rev ? `-${rev}` : ''}
  labels:
    app: sidecar-injector
    istio.io/rev: ${rev || 'default'}
webhooks:
- name: ${whName}
  admissionReviewVersions:
  - v1
  clientConfig:
    service:
      name: ${svc}
      namespace: istio-system
      path: /inject
      port: 443
  failurePolicy: Fail
  reinvocationPolicy: Never
  sideEffects: None
  rules:
  - apiGroups:
    - ""
    apiVersions:
    - v1
    operations:
    - CREATE
    resources:
    - pods
${nsSel}  objectSelector:
    matchExpressions:
    - key: sidecar.istio.io/inject
      operator: NotIn
      values:
      - "false"
`;
}

function istiodDocs(rev, version) {
  const name = rev ? `istiod-${rev}` : 'istiod';
  return [`apiVersion: v1
kind: ServiceAccount
metadata:
  name: istiod
  namespace: istio-system
`, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: istio-system
  labels:
    app: istiod
    istio.io/rev: ${rev || 'default'}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: istiod
      istio.io/rev: ${rev || 'default'}
  template:
    metadata:
      labels:
        app: istiod
        istio.io/rev: ${rev || 'default'}
        sidecar.istio.io/inject: "false"
    spec:
      serviceAccountName: istiod
      containers:
      - name: discovery
        image: docker.io/istio/pilot:${version}
        args:
        - discovery
        - --monitoringAddr=:15014
        - --domain
        - cluster.local
        - --keepaliveMaxServerConnectionAge
        - 30m
        env:
        - name: REVISION
          value: ${rev || 'default'}
        - name: PILOT_TRACE_SAMPLING
          value: "1"
        - name: ENABLE_NATIVE_SIDECARS
          value: "${rev ? 'true' : 'false'}"
        ports:
        - containerPort: 15010
          protocol: TCP
        - containerPort: 15017
          protocol: TCP
        resources:
          requests:
            cpu: 500m
            memory: 2Gi
`, `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: istio-system
spec:
  selector:
    app: istiod
    istio.io/rev: ${rev || 'default'}
  ports:
  - name: grpc-xds
    port: 15010
  - name: https-webhook
    port: 443
    targetPort: 15017
`];
}

function istioSystem() {
  const dir = join('platform', 'istio-system');
  return [
    [join(dir, 'namespace.yaml'), ['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n  labels:\n    topology.istio.io/network: network1\n']],
    [join(dir, 'istiod.yaml'), istiodDocs('', ISTIO)],
    [join(dir, 'istiod-canary.yaml'), istiodDocs('canary', CANARY)],
    [join(dir, 'mesh-config.yaml'), [`apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  mesh: |-
    accessLogFile: /dev/stdout
    defaultConfig:
      discoveryAddress: istiod.istio-system.svc:15012
      holdApplicationUntilProxyStarts: true
    outboundTrafficPolicy:
      mode: ALLOW_ANY
    rootNamespace: istio-system
    trustDomain: cluster.local
`]],
    [join(dir, 'sidecar-injector.yaml'), [injectorWebhook('')]],
    [join(dir, 'sidecar-injector-canary.yaml'), [injectorWebhook('canary')]],
    [join(dir, 'sidecar-root.yaml'), [`apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: istio-system
spec:
  egress:
  - hosts:
    - "./*"
    - "istio-system/*"
`]],
  ];
}

// ----------------------------------------------------------- crd variant

const WORDS = ('the of a to when field is set this value must be used by controller resource ' +
  'specifies reference selector policy default optional required name namespace kind status ' +
  'condition replicas template container port protocol host path timeout retry backoff limit ' +
  'secret certificate issuer endpoint interval threshold label annotation scope version').split(' ');

function sentence(r, lo, hi) {
  const words = Array.from({ length: r.int(lo, hi) }, () => r.pick(WORDS));
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

/** A random openAPIV3Schema property tree of about `budget` nodes. */
function schema(r, depth, budget) {
  const node = { description: sentence(r, 6, 30) };
  if (depth <= 0 || budget.left <= 0 || r.chance(0.45)) {
    const leaf = r.pick(['string', 'string', 'integer', 'boolean', 'array']);
    budget.left--;
    if (leaf === 'array') return { ...node, type: 'array', items: { type: 'string' } };
    if (leaf === 'integer') return { ...node, type: 'integer', format: 'int32', minimum: 0 };
    if (leaf === 'string' && r.chance(0.2)) return { ...node, type: 'string', enum: ['Always', 'Never', 'IfNotPresent'] };
    return { ...node, type: leaf };
  }
  const props = {};
  const count = r.int(2, 8);
  for (let i = 0; i < count && budget.left > 0; i++) {
    props[`${r.pick(WORDS)}${r.pick(WORDS)[0].toUpperCase()}${r.pick(WORDS).slice(1)}${i}`] = schema(r, depth - 1, budget);
  }
  budget.left--;
  const obj = { ...node, type: 'object', properties: props };
  if (r.chance(0.3)) obj.required = Object.keys(props).slice(0, 1);
  return obj;
}

/** Block-style YAML for plain data (objects, arrays, strings, numbers, booleans). */
function toYaml(value, indent = '') {
  const scalar = (v) => (typeof v === 'string' && !/^[A-Za-z][\w .\/-]*$/.test(v)) || v === 'true' || v === 'false'
    ? JSON.stringify(v)
    : String(v);
  const isEmpty = (v) => v === null || typeof v !== 'object' || Object.keys(v).length === 0;
  if (Array.isArray(value)) {
    return value.map((v) => isEmpty(v)
      ? `${indent}- ${typeof v === 'object' ? (Array.isArray(v) ? '[]' : '{}') : scalar(v)}\n`
      : `${indent}- ${toYaml(v, indent + '  ').slice(indent.length + 2)}`).join('');
  }
  return Object.entries(value).map(([k, v]) => {
    if (typeof v !== 'object' || v === null) return `${indent}${k}: ${scalar(v)}\n`;
    if (Object.keys(v).length === 0) return `${indent}${k}: ${Array.isArray(v) ? '[]' : '{}'}\n`;
    return Array.isArray(v) ? `${indent}${k}:\n${toYaml(v, indent)}` : `${indent}${k}:\n${toYaml(v, indent + '  ')}`;
  }).join('');
}

function crdDoc(i, seed) {
  const r = streamFor(seed, 'crd', String(i));
  const group = `${r.pick(['platform', 'data', 'ops', 'security', 'infra'])}.example.com`;
  const kind = `${r.pick(['Backup', 'Cluster', 'Certificate', 'Pipeline', 'Bucket', 'Queue', 'Policy'])}${r.pick(['Set', 'Claim', 'Config', 'Binding', 'Template'])}${i}`;
  const plural = `${kind.toLowerCase()}s`;
  const nodes = r.int(120, 420);
  const spec = schema(r, 6, { left: nodes });
  const versions = r.chance(0.4) ? ['v1alpha1', 'v1'] : ['v1'];
  const body = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, annotations: { 'controller-gen.kubebuilder.io/version': 'v0.16.4' } },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: 'Namespaced',
      versions: versions.map((name, vi) => ({
        name,
        served: true,
        storage: vi === versions.length - 1,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            description: `${kind} is the Schema for the ${plural} API.`,
            type: 'object',
            properties: {
              apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
              kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
              metadata: { type: 'object' },
              spec: spec,
              status: { type: 'object', properties: { conditions: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' }, reason: { type: 'string' }, message: { type: 'string' } } } } } },
            },
          },
        },
      })),
    },
  };
  return { path: join('crds', group, `${plural}.yaml`), text: toYaml(body) };
}

function configMapDocs(n, r) {
  const ns = nsName(n);
  const docs = [];
  const count = r.int(1, 2);
  for (let c = 0; c < count; c++) {
    const style = r.pick(['dashboard', 'properties', 'env']);
    let data;
    if (style === 'dashboard') {
      const panels = Array.from({ length: r.int(5, 16) }, (_, p) => ({
        id: p, type: r.pick(['timeseries', 'stat', 'table']), title: sentence(r, 2, 5),
        gridPos: { h: 8, w: 12, x: (p % 2) * 12, y: p * 8 },
        targets: [{ expr: `sum(rate(istio_requests_total{destination_workload_namespace="${ns}",response_code=~"5.."}[5m])) by (destination_workload)`, refId: 'A' }],
      }));
      const json = JSON.stringify({ title: `${ns} overview`, uid: `${ns}-${c}`, panels }, null, 2);
      data = `  ${ns}-dashboard-${c}.json: |\n${json.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
    } else if (style === 'properties') {
      const lines = Array.from({ length: r.int(30, 100) }, (_, k) => `    app.${r.pick(WORDS)}.${r.pick(WORDS)}${k}=${r.pick(WORDS)}-${r.int(0, 9999)}`);
      data = `  application.properties: |\n${lines.join('\n')}\n`;
    } else {
      data = Array.from({ length: r.int(20, 80) }, (_, k) => `  ${r.pick(WORDS).toUpperCase()}_${r.pick(WORDS).toUpperCase()}_${k}: "${r.pick(WORDS)}-${r.int(0, 99999)}"\n`).join('');
    }
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${style}-${c}\n  namespace: ${ns}\ndata:\n${data}`);
  }
  return docs;
}

function crdNamespace(n, namespaces, seed, stats) {
  const r = streamFor(seed, 'crd-ns', String(n));
  const dir = nsDir(n);
  const files = [[join(dir, 'namespace.yaml'), [namespaceDoc(n, r)]], [join(dir, 'configmaps.yaml'), configMapDocs(n, r)]];
  if (n % 5 === 0) {
    const crd = crdDoc(n / 5, seed);
    files.push([crd.path, [crd.text]]);
  }
  // A few mesh objects: one namespace in ten gets a Sidecar and a service.
  if (n % 10 === 0 || defectOf(n)) {
    files.push([join(dir, 'sidecar.yaml'), sidecarDocs(n, namespaces, r)]);
    files.push([join(dir, 'api.yaml'), [deploymentDoc(n, 'api', 0, r, stats), serviceDoc(n, 'api', r), virtualServiceDoc(n, 'api', false, r), destinationRuleDoc(n, 'api', false, r)]]);
    if (defectOf(n)) stats.defects.push({ defect: defectOf(n), namespace: nsName(n) });
  }
  return files;
}

// ------------------------------------------------------------------ driver

/**
 * Write the corpus into `outDir`, which must not exist or be empty.
 * Returns counts, the seeded defects and one Deployment file (relative path)
 * that a benchmark may touch.
 */
export function generate(outDir, { namespaces = 500, variant = 'mesh', seed = 1 } = {}) {
  if (!Number.isInteger(namespaces) || namespaces < 1) throw new Error(`--namespaces must be a positive integer, got ${namespaces}`);
  if (variant !== 'mesh' && variant !== 'crd') throw new Error(`--variant must be mesh or crd, got ${variant}`);
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty`);
  const stats = { files: 0, docs: 0, bytes: 0, nativeInit: 0, nativeAnnotation: 0, defects: [], trafficDefects: [] };
  const made = new Set();
  const write = (rel, docs) => {
    const text = docs.join('---\n');
    const path = join(outDir, rel);
    const dir = dirname(path);
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
    writeFileSync(path, text);
    stats.files++;
    stats.docs += docs.length;
    stats.bytes += Buffer.byteLength(text);
  };
  for (const [rel, docs] of istioSystem()) write(rel, docs);
  for (let n = 0; n < namespaces; n++) {
    const files = variant === 'mesh' ? meshNamespace(n, namespaces, seed, stats) : crdNamespace(n, namespaces, seed, stats);
    for (const [rel, docs] of files) write(rel, docs);
  }
  const touch = join(nsDir(0), 'api.yaml');
  return {
    out: outDir, variant, namespaces, seed,
    files: stats.files, docs: stats.docs, bytes: stats.bytes,
    nativeInit: stats.nativeInit, nativeAnnotation: stats.nativeAnnotation,
    defects: stats.defects,
    trafficDefects: stats.trafficDefects,
    deploymentFile: touch,
  };
}

function main(argv) {
  const usage = 'usage: node bench/gen.mjs OUT --namespaces N [--variant mesh|crd] [--seed S] [--clean]';
  const out = argv[0];
  if (!out || out.startsWith('--')) throw new Error(usage);
  const opts = { namespaces: 500, variant: 'mesh', seed: 1 };
  let clean = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--namespaces') opts.namespaces = Number(argv[++i]);
    else if (a === '--variant') opts.variant = argv[++i];
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--clean') clean = true;
    else throw new Error(`unknown argument ${a}\n${usage}`);
  }
  if (clean) rmSync(out, { recursive: true, force: true });
  const res = generate(out, opts);
  process.stderr.write(`${out}: ${res.variant}, ${res.namespaces} namespaces: ` +
    `${res.files} files, ${res.docs} documents, ${(res.bytes / 1e6).toFixed(2)} MB (${res.bytes} bytes), ` +
    `${res.defects.length} seeded defects\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`gen: ${e.message}\n`);
    process.exit(2);
  }
}
