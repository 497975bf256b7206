import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { K8S, readYaml, readYamlDocuments } from './repo-files';

/** The parts of the Kubernetes objects these checks read. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: unknown;
  stringData?: Record<string, string>;
}

export interface HttpProbe {
  httpGet?: { path: string; port: string | number };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}

export interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ secretRef?: { name: string }; configMapRef?: { name: string } }>;
  startupProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

export interface Volume {
  name: string;
  configMap?: { name: string; items?: Array<{ key: string; path: string }> };
  emptyDir?: Record<string, unknown>;
}

export interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: Volume[];
}

export interface DeploymentSpec {
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
}

export interface ServiceSpec {
  selector: Record<string, string>;
  ports: Array<{ port: number; targetPort: string | number }>;
}

export interface Kustomization {
  namespace?: string;
  resources: string[];
  configMapGenerator?: Array<{ name: string; files: string[] }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}

export const SECRET_EXAMPLE = join(K8S, 'secret.example.yaml');

export const readKustomization = () => readYaml<Kustomization>(join(K8S, 'kustomization.yaml'));

/** Every object the kustomization's resources hold (the generated ConfigMap aside). */
export function kustomizedObjects(): K8sObject[] {
  return readKustomization().resources.flatMap((file) => readYamlDocuments<K8sObject>(join(K8S, file)));
}

export function findObject(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
}

export const exampleSecrets = () => readYamlDocuments<K8sObject>(SECRET_EXAMPLE).filter((o) => o.kind === 'Secret');

/** The ConfigMap generator's files, by key: `key=path` or a bare path (the key is its file name). */
export function generatedConfigMap(name: string): Record<string, string> {
  const generator = readKustomization().configMapGenerator?.find((g) => g.name === name);
  if (!generator) throw new Error(`kustomization.yaml generates no ConfigMap named ${name}`);
  return Object.fromEntries(
    generator.files.map((entry) => {
      const [key, path] = entry.includes('=') ? entry.split('=') : [entry.split('/').at(-1) as string, entry];
      return [key, join(K8S, path)];
    }),
  );
}

/** Files the pod sees under a ConfigMap volume's mount: item path → the source file's text. */
export function configMapVolumeFiles(volume: Volume): Record<string, string> {
  if (!volume.configMap) throw new Error(`volume ${volume.name} is not a ConfigMap`);
  const sources = generatedConfigMap(volume.configMap.name);
  const items = volume.configMap.items ?? Object.keys(sources).map((key) => ({ key, path: key }));
  return Object.fromEntries(items.map(({ key, path }) => [path, readFileSync(sources[key], 'utf8')]));
}

/** The container's environment, with secretKeyRef and envFrom values taken from `secrets`. */
export function containerEnvironment(container: Container, secrets: K8sObject[]): Record<string, string> {
  const secretData = (name: string) => findObject(secrets, 'Secret', name).stringData ?? {};
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) Object.assign(env, secretData(from.secretRef.name));
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    env[variable.name] = ref ? secretData(ref.name)[ref.key] : (variable.value ?? '');
  }
  return env;
}
