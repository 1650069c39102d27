import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { parseIdentityPolicy } from '../../collector/authz/identity-policy';
import { parseCollectorConfig } from '../../collector/config/load-config';

/**
 * Offline validation of deploy/: every manifest parses and has the shape Kubernetes needs for the
 * fields we use, cross-references resolve (volumes, ConfigMap keys, PVC, Service target ports,
 * selectors), and the configuration inside the ConfigMaps is accepted by the collector itself.
 */
const ROOT = path.resolve(__dirname, '../..');
const K8S = path.join(ROOT, 'deploy/kubernetes');

const meta = z.object({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/), namespace: z.string().optional(), labels: z.record(z.string()).optional() });
const port = z.object({ name: z.string().max(15), containerPort: z.number().int().min(1).max(65535), protocol: z.enum(['TCP', 'UDP', 'SCTP']) });
const mount = z.object({ name: z.string(), mountPath: z.string().startsWith('/'), subPath: z.string().optional(), readOnly: z.boolean().optional() });
const container = z.object({
  name: z.string(),
  image: z.string().min(1),
  args: z.array(z.string()).optional(),
  ports: z.array(port),
  volumeMounts: z.array(mount),
  readinessProbe: z.object({ grpc: z.object({ port: z.number() }) }).passthrough(),
  securityContext: z.object({ allowPrivilegeEscalation: z.literal(false), readOnlyRootFilesystem: z.literal(true) }).passthrough(),
}).passthrough();
const volume = z.object({
  name: z.string(),
  configMap: z.object({ name: z.string() }).optional(),
  secret: z.object({ secretName: z.string() }).passthrough().optional(),
  persistentVolumeClaim: z.object({ claimName: z.string() }).optional(),
  emptyDir: z.object({}).optional(),
});
const deployment = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('Deployment'),
  metadata: meta,
  spec: z.object({
    replicas: z.number().int(),
    selector: z.object({ matchLabels: z.record(z.string()) }),
    template: z.object({
      metadata: z.object({ labels: z.record(z.string()) }).passthrough(),
      spec: z.object({ securityContext: z.object({ runAsNonRoot: z.literal(true) }).passthrough(), containers: z.array(container).min(1), volumes: z.array(volume) }).passthrough(),
    }),
  }).passthrough(),
});
const service = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Service'),
  metadata: meta,
  spec: z.object({ selector: z.record(z.string()), ports: z.array(z.object({ name: z.string(), port: z.number(), targetPort: z.union([z.string(), z.number()]) }).passthrough()) }).passthrough(),
});
const configMap = z.object({ apiVersion: z.literal('v1'), kind: z.literal('ConfigMap'), metadata: meta, data: z.record(z.string()) });
const pvc = z.object({ apiVersion: z.literal('v1'), kind: z.literal('PersistentVolumeClaim'), metadata: meta, spec: z.object({ accessModes: z.array(z.string()) }).passthrough() });
const namespace = z.object({ apiVersion: z.literal('v1'), kind: z.literal('Namespace'), metadata: meta });

function loadManifests(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const f of fs.readdirSync(K8S).filter((x) => x.endsWith('.yaml'))) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(K8S, f), 'utf8'))) {
      assert.equal(doc.errors.length, 0, `${f}: ${doc.errors[0]?.message}`);
      out.push(doc.toJS() as Record<string, unknown>);
    }
  }
  return out;
}

describe('deploy/: Dockerfile and Kubernetes manifests (offline validation)', function () {
  const docs = loadManifests();
  const byKind = (k: string) => docs.filter((d) => d.kind === k);

  it('every manifest has a known kind and a valid shape, all in one namespace', () => {
    const schemas: Record<string, z.ZodTypeAny> = { Deployment: deployment, Service: service, ConfigMap: configMap, PersistentVolumeClaim: pvc, Namespace: namespace };
    for (const d of docs) {
      const schema = schemas[String(d.kind)];
      assert.ok(schema, `unexpected kind ${String(d.kind)}`);
      const r = schema.safeParse(d);
      assert.ok(r.success, `${String(d.kind)}: ${r.success ? '' : JSON.stringify(r.error.issues[0])}`);
      if (d.kind !== 'Namespace') assert.equal((d.metadata as { namespace?: string }).namespace, 'grpc-audit');
    }
    assert.deepEqual(byKind('Namespace').map((n) => (n.metadata as { name: string }).name), ['grpc-audit']);
  });

  it('cross-references resolve: volumes, ConfigMap keys, PVC, selectors, Service ports', () => {
    const dep = deployment.parse(byKind('Deployment')[0]);
    const cms = new Map(byKind('ConfigMap').map((c) => [(c.metadata as { name: string }).name, configMap.parse(c).data]));
    const pvcs = new Set(byKind('PersistentVolumeClaim').map((p) => (p.metadata as { name: string }).name));
    const vols = new Map(dep.spec.template.spec.volumes.map((v) => [v.name, v]));
    const c = dep.spec.template.spec.containers[0];
    for (const m of c.volumeMounts) {
      const v = vols.get(m.name);
      assert.ok(v, `volumeMount ${m.name} has no volume`);
      if (v.configMap) {
        assert.ok(cms.has(v.configMap.name), `ConfigMap ${v.configMap.name} missing`);
        if (m.subPath) assert.ok(m.subPath in cms.get(v.configMap.name)!, `key ${m.subPath} missing in ${v.configMap.name}`);
      }
      if (v.persistentVolumeClaim) assert.ok(pvcs.has(v.persistentVolumeClaim.claimName));
    }
    for (const [k, val] of Object.entries(dep.spec.selector.matchLabels)) assert.equal(dep.spec.template.metadata.labels[k], val);
    const svc = service.parse(byKind('Service')[0]);
    for (const [k, val] of Object.entries(svc.spec.selector)) assert.equal(dep.spec.template.metadata.labels[k], val);
    const portNames = new Set(c.ports.map((p) => p.name));
    for (const p of svc.spec.ports) assert.ok(typeof p.targetPort === 'number' || portNames.has(p.targetPort), `targetPort ${p.targetPort}`);
    assert.ok(!svc.spec.ports.some((p) => p.port === 9464), 'metrics stay off the Service');
  });

  it('the ConfigMap holds a collector configuration and policy the collector accepts, with files on mounted paths', () => {
    const dep = deployment.parse(byKind('Deployment')[0]);
    const c = dep.spec.template.spec.containers[0];
    const cms = new Map(byKind('ConfigMap').map((cm) => [(cm.metadata as { name: string }).name, configMap.parse(cm).data]));
    const cfg = parseCollectorConfig(YAML.parse(cms.get('grpc-audit-collector')!['collector.yaml']), 'ConfigMap grpc-audit-collector');
    parseIdentityPolicy(cms.get('grpc-audit-policy')!['policy.yaml'], 'v', 'ConfigMap grpc-audit-policy');
    const mounted = (file: string, volumeKind: 'secret' | 'configMap' | 'persistentVolumeClaim') => {
      const vols = new Map(dep.spec.template.spec.volumes.map((v) => [v.name, v]));
      const m = c.volumeMounts.find((vm) => !vm.subPath && file.startsWith(`${vm.mountPath}/`) && vols.get(vm.name)?.[volumeKind]);
      assert.ok(m, `${file} is not under a ${volumeKind} directory mount (subPath mounts do not see updates)`);
    };
    mounted(cfg.tls!.certFile, 'secret');
    mounted(cfg.tls!.keyFile, 'secret');
    mounted(cfg.tls!.caFile, 'secret');
    mounted(cfg.identity.policyFile!, 'configMap');
    assert.equal(cfg.store.type, 'sqlite', 'the manifests deploy the embedded store');
    if (cfg.store.type === 'sqlite') mounted(cfg.store.path, 'persistentVolumeClaim');
    const listenPort = Number(cfg.listen.split(':').pop());
    assert.equal(c.readinessProbe.grpc.port, listenPort);
    assert.ok(c.ports.some((p) => p.name === 'otlp-grpc' && p.containerPort === listenPort));
    assert.ok(c.ports.some((p) => p.name === 'metrics' && p.containerPort === Number(String(cfg.metrics.listen).split(':').pop())));
    assert.deepEqual(c.args, ['--config', c.volumeMounts.find((m) => m.subPath === 'collector.yaml')!.mountPath]);
  });

  it('the Dockerfile copies existing paths, runs unprivileged and starts the collector on the exposed ports', () => {
    const text = fs.readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8');
    for (const m of text.matchAll(/^COPY (?!--from)(\S+(?: \S+)*) \S+$/gm)) {
      for (const src of m[1].split(' ')) assert.ok(fs.existsSync(path.join(ROOT, src)), `COPY source ${src} missing`);
    }
    const user = text.match(/^USER (\d+)/m);
    assert.ok(user && Number(user[1]) > 0, 'non-root USER');
    assert.match(text, /^EXPOSE 4317 9464$/m);
    assert.match(text, /^ENTRYPOINT \["node", "\/app\/bin\/grpc-audit\.js", "collector"\]$/m);
    assert.match(text, /^FROM node:20/m);
  });
});
