import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import YAML from 'yaml';
import { z } from 'zod';
import { envoyRoot } from '../../mesh/ext-proc/ext-proc-protocol';
import { parseSidecarConfig, type SidecarConfig } from '../../mesh/sidecar-config';

/**
 * Offline validation of deploy/mesh/: the sidecar's Kubernetes manifests (shape, cross-references,
 * and the configuration inside the ConfigMap accepted by the sidecar itself), the plain Envoy
 * filter configuration and the Istio EnvoyFilter — the ext_proc filter's typed_config checked field
 * by field against the vendored Envoy proto (proto/envoy/), and the settings the processor needs.
 */
const DIR = path.resolve(__dirname, '../../deploy/mesh');
const EXT_PROC_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor';

function docsOf(file: string): Array<Record<string, unknown>> {
  return YAML.parseAllDocuments(fs.readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
    assert.equal(doc.errors.length, 0, `${file}: ${doc.errors[0]?.message}`);
    return doc.toJS() as Record<string, unknown>;
  });
}

/** Checks a proto3-JSON/YAML value against a message type: every key a field, enums by name, Durations as '1.5s'. */
function checkMessage(type: protobuf.Type, value: unknown, at: string): void {
  assert.ok(value && typeof value === 'object' && !Array.isArray(value), `${at}: expected an object`);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === '@type') continue;
    const field = type.fields[key];
    assert.ok(field, `${at}.${key}: no such field in ${type.fullName}`);
    field.resolve();
    const values = field.repeated ? (assert.ok(Array.isArray(v), `${at}.${key}: expected a list`), v as unknown[]) : [v];
    for (const item of values) {
      const where = `${at}.${key}`;
      if (field.resolvedType instanceof protobuf.Enum) assert.ok(typeof item === 'string' && item in field.resolvedType.values, `${where}: ${String(item)} is not a ${field.resolvedType.name}`);
      else if (field.resolvedType instanceof protobuf.Type) {
        if (field.resolvedType.fullName === '.google.protobuf.Duration') assert.match(String(item), /^\d+(\.\d{1,9})?s$/, `${where}: a Duration`);
        else checkMessage(field.resolvedType, item, where);
      } else if (field.type === 'bool') assert.equal(typeof item, 'boolean', `${where}: a bool`);
      else if (field.type === 'string') assert.equal(typeof item, 'string', `${where}: a string`);
      else assert.equal(typeof item, 'number', `${where}: a number`);
    }
  }
}

const ExtProcFilter = envoyRoot.lookupType('envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor');

/** The ext_proc filter entry is valid and set up the way the processor needs it. */
function checkExtProcFilter(filter: { name: string; typed_config: Record<string, unknown> }, clusters: string[]): void {
  assert.equal(filter.name, 'envoy.filters.http.ext_proc');
  assert.equal(filter.typed_config['@type'], EXT_PROC_TYPE);
  checkMessage(ExtProcFilter, filter.typed_config, 'typed_config');
  const c = filter.typed_config as { grpc_service: { envoy_grpc: { cluster_name: string } }; processing_mode: Record<string, string>; request_attributes: string[] };
  assert.ok(clusters.includes(c.grpc_service.envoy_grpc.cluster_name), `cluster ${c.grpc_service.envoy_grpc.cluster_name} is defined`);
  // What the processor needs: bodies streamed (observability mode supports only STREAMED) and the response trailers (the status).
  assert.equal(c.processing_mode.request_body_mode, 'STREAMED');
  assert.equal(c.processing_mode.response_body_mode, 'STREAMED');
  assert.equal(c.processing_mode.response_trailer_mode, 'SEND');
  for (const attr of ['source.address', 'connection.uri_san_peer_certificate']) assert.ok(c.request_attributes.includes(attr), `request_attributes has ${attr}`);
}

function clusterNames(clusters: unknown[]): string[] {
  return clusters.map((cl) => {
    const c = cl as { name: string; load_assignment: { cluster_name: string }; typed_extension_protocol_options: Record<string, { explicit_http_config?: { http2_protocol_options?: object } }> };
    assert.equal(c.load_assignment.cluster_name, c.name);
    const http = c.typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'];
    assert.ok(http?.explicit_http_config?.http2_protocol_options, `${c.name}: gRPC needs HTTP/2 to the processor`);
    return c.name;
  });
}

const meta = z.object({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/), namespace: z.string() }).passthrough();
const container = z
  .object({
    name: z.string(),
    image: z.string().min(1),
    args: z.array(z.string()).optional(),
    ports: z.array(z.object({ name: z.string().max(15), containerPort: z.number().int().min(1).max(65535), protocol: z.literal('TCP') })),
    volumeMounts: z.array(z.object({ name: z.string(), mountPath: z.string().startsWith('/'), subPath: z.string().optional(), readOnly: z.boolean().optional() })),
    securityContext: z.object({ allowPrivilegeEscalation: z.literal(false), readOnlyRootFilesystem: z.literal(true) }).passthrough(),
  })
  .passthrough();
const deployment = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('Deployment'),
  metadata: meta,
  spec: z
    .object({
      selector: z.object({ matchLabels: z.record(z.string()) }),
      template: z.object({
        metadata: z.object({ labels: z.record(z.string()) }),
        spec: z.object({ securityContext: z.object({ runAsNonRoot: z.literal(true) }).passthrough(), containers: z.array(container).min(2), volumes: z.array(z.object({ name: z.string() }).passthrough()) }).passthrough(),
      }),
    })
    .passthrough(),
});

type Container = z.infer<typeof container>;

/** A path from the configuration lies under one of the container's mounts. */
function mounted(c: Container, file: string): boolean {
  return c.volumeMounts.some((m) => (m.subPath ? file === m.mountPath : file === m.mountPath || file.startsWith(m.mountPath + '/')));
}

describe('deploy/mesh: sidecar manifests, Envoy and Istio ext_proc configuration (offline validation)', function () {
  it('the sidecar Deployment, ConfigMap and Service fit together, and the sidecar accepts its configuration', () => {
    const docs = docsOf('sidecar.yaml');
    const cm = docs.find((d) => d.kind === 'ConfigMap') as { metadata: { name: string }; data: Record<string, string> };
    const dep = deployment.parse(docs.find((d) => d.kind === 'Deployment'));
    const svc = docs.find((d) => d.kind === 'Service') as { spec: { selector: Record<string, string>; ports: Array<{ targetPort: string }> } };
    const config: SidecarConfig = parseSidecarConfig(YAML.parse(cm.data['sidecar.yaml']));
    const pod = dep.spec.template.spec;
    const sidecar = pod.containers.find((c) => c.args?.[0] === 'sidecar')!;
    const app = pod.containers.find((c) => c !== sidecar)!;
    assert.ok(sidecar, 'a container runs `grpc-audit sidecar`');
    assert.deepEqual(sidecar.args, ['sidecar', '--config', '/etc/grpc-audit/sidecar.yaml']);
    // volumes and mounts
    const volumes = new Map(pod.volumes.map((v) => [v.name, v as Record<string, unknown>]));
    for (const c of pod.containers) for (const m of c.volumeMounts) assert.ok(volumes.has(m.name), `${c.name} mounts ${m.name}, which is a volume`);
    assert.equal((volumes.get('sidecar-config')!.configMap as { name: string }).name, cm.metadata.name);
    for (const file of [config.listenerTls!.certFile, config.listenerTls!.keyFile, config.listenerTls!.caFile!, config.collector!.certFile, config.collector!.keyFile, config.collector!.caFile, config.collector!.spoolDir!, ...config.schemas.descriptors, config.masking.keyringFile!]) {
      assert.ok(mounted(sidecar, file), `${file} is on a volume of the sidecar container`);
    }
    // ports: the Service reaches the sidecar, the sidecar reaches the application over loopback
    const listenPort = Number(config.listen.split(':').pop());
    const audited = sidecar.ports.find((p) => p.name === svc.spec.ports[0].targetPort);
    assert.equal(audited?.containerPort, listenPort, 'Service targets the sidecar listener');
    assert.match(config.upstream, /^127\.0\.0\.1:/);
    assert.equal(Number(config.upstream.split(':').pop()), app.ports[0].containerPort, 'upstream is the application port');
    assert.deepEqual(svc.spec.selector, dep.spec.template.metadata.labels);
    assert.deepEqual(dep.spec.selector.matchLabels, dep.spec.template.metadata.labels);
    assert.equal(config.collector!.persistence, 'write-ahead');
  });

  it('the plain Envoy ext_proc filter is a valid ExternalProcessor config pointing at an HTTP/2 cluster', () => {
    const [doc] = docsOf('envoy-ext-proc.yaml') as Array<{ http_filters: Array<{ name: string; typed_config: Record<string, unknown> }>; clusters: unknown[] }>;
    const filters = doc.http_filters;
    assert.equal(filters[filters.length - 1].name, 'envoy.filters.http.router', 'the router is last');
    checkExtProcFilter(filters.find((f) => f.name === 'envoy.filters.http.ext_proc')!, clusterNames(doc.clusters));
  });

  it('the Istio EnvoyFilter inserts the same filter before the router and adds the cluster; the processor accepts its configuration', () => {
    const docs = docsOf('istio-envoyfilter.yaml');
    const ef = z
      .object({
        apiVersion: z.literal('networking.istio.io/v1alpha3'),
        kind: z.literal('EnvoyFilter'),
        metadata: meta,
        spec: z.object({
          workloadSelector: z.object({ labels: z.record(z.string()) }),
          configPatches: z.array(
            z.object({
              applyTo: z.enum(['HTTP_FILTER', 'CLUSTER']),
              match: z.object({ context: z.enum(['SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY', 'ANY']) }).passthrough(),
              patch: z.object({ operation: z.enum(['INSERT_BEFORE', 'INSERT_AFTER', 'INSERT_FIRST', 'ADD', 'MERGE']), value: z.record(z.unknown()) }),
            }),
          ),
        }),
      })
      .parse(docs.find((d) => d.kind === 'EnvoyFilter'));
    const filterPatch = ef.spec.configPatches.find((p) => p.applyTo === 'HTTP_FILTER')!;
    assert.equal(filterPatch.patch.operation, 'INSERT_BEFORE');
    assert.equal((filterPatch.match as unknown as { listener: { filterChain: { filter: { subFilter: { name: string } } } } }).listener.filterChain.filter.subFilter.name, 'envoy.filters.http.router');
    const clusters = clusterNames(ef.spec.configPatches.filter((p) => p.applyTo === 'CLUSTER').map((p) => p.patch.value));
    checkExtProcFilter(filterPatch.patch.value as { name: string; typed_config: Record<string, unknown> }, clusters);
    const cm = docs.find((d) => d.kind === 'ConfigMap') as { data: Record<string, string> };
    const config = parseSidecarConfig(YAML.parse(cm.data['ext-proc.yaml']), 'ext-proc');
    type Cluster = { load_assignment: { endpoints: Array<{ lb_endpoints: Array<{ endpoint: { address: { socket_address: { port_value: number } } } }> }> } };
    const cluster = ef.spec.configPatches.find((p) => p.applyTo === 'CLUSTER')!.patch.value as Cluster;
    const port = cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value;
    assert.equal(Number(config.listen.split(':').pop()), port, 'the cluster reaches the processor’s listener');
  });

  it('the checker itself refuses what Envoy would refuse (unknown field, bad enum, bad duration)', () => {
    const bad = (cfg: Record<string, unknown>): void => assert.throws(() => checkMessage(ExtProcFilter, cfg, 'typed_config'));
    bad({ grpc_service: { envoy_grpc: { cluster: 'x' } } });
    bad({ processing_mode: { request_body_mode: 'STREAMING' } });
    bad({ message_timeout: '200ms' });
    bad({ failure_mode_allow: 'yes' });
    checkMessage(ExtProcFilter, { processing_mode: { request_body_mode: 'BUFFERED' }, message_timeout: '0.5s' }, 'typed_config');
  });
});
