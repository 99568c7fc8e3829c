/**
 * The gRPC services the gateway serves, loaded from the vendored official .proto files in
 * `proto/` (KServe's `inference.GRPCInferenceService`, TF Serving's
 * `tensorflow.serving.PredictionService`). Loaded once, on first use: a gateway without
 * `grpc` never pays for it.
 */
import { fileURLToPath } from 'node:url';

import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** `proto/` at the package root (src/gateway/grpc and dist/gateway/grpc both sit three levels below it). */
export const PROTO_DIR = fileURLToPath(new URL('../../../proto/', import.meta.url));

export const PROTO_FILES = ['kserve/grpc_predict_v2.proto', 'ripcord/prediction_service.proto'] as const;

/**
 * How messages are decoded: field names as in the .proto (`model_name`), 64-bit integers as
 * decimal strings (no precision lost on the way through), enums by name, absent fields absent.
 */
export const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: false } as const;

export interface InferenceServices {
  kserve: ServiceDefinition;
  tfserving: ServiceDefinition;
}

let loaded: InferenceServices | undefined;

type Namespace = { [name: string]: Namespace | { service: ServiceDefinition } };

function serviceAt(root: Namespace, path: readonly string[]): ServiceDefinition {
  let node: Namespace | { service: ServiceDefinition } = root;
  for (const part of path) node = (node as Namespace)[part]!;
  return (node as { service: ServiceDefinition }).service;
}

export function inferenceServices(): InferenceServices {
  if (loaded) return loaded;
  const definition = loadSync([...PROTO_FILES], { ...LOADER_OPTIONS, includeDirs: [PROTO_DIR] });
  const root = loadPackageDefinition(definition) as unknown as Namespace;
  loaded = {
    kserve: serviceAt(root, ['inference', 'GRPCInferenceService']),
    tfserving: serviceAt(root, ['tensorflow', 'serving', 'PredictionService']),
  };
  return loaded;
}
