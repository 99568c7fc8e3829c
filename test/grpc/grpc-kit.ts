/**
 * gRPC test kit: model servers speaking the official KServe v2 and TF Serving protos (grpc-js
 * servers on port 0, one per release), and a grpc-js client for the gateway's gRPC port.
 */
import {
  Client,
  credentials,
  Metadata,
  Server,
  ServerCredentials,
  status,
  type MethodDefinition,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';

import { HealthImplementation } from 'grpc-health-check';

import { inferenceServices } from '../../src/gateway/grpc/proto-services.js';

export type Message = Record<string, unknown>;

export interface SeenCall {
  method: string;
  request: Message;
  metadata: Record<string, unknown>;
}

/** What a model server does with a call: answer (default) or fail with a status. */
export type Behaviour = () => { code: number; details: string } | undefined;

export interface GrpcModelServer {
  url: string;
  /** The server's grpc.health.v1 service (SERVING for "" until told otherwise). */
  health: HealthImplementation;
  port: number;
  seen: SeenCall[];
  /** Changes how the server answers from now on. */
  behave(b: Behaviour): void;
  close(): Promise<void>;
}

/** One FP32 value per request row: the label's score, for shadow comparisons. */
function scores(label: string, rows: number): number[] {
  return Array.from({ length: rows }, () => (label === 'v1' ? 0.25 : 0.75));
}

/**
 * A model server for release `label`: ModelInfer answers a BYTES output `label` (typed contents,
 * or raw bytes with `raw: true`) and an FP32 `score`; Predict answers `classes` (DT_STRING) and
 * `scores` (DT_FLOAT); metadata and readiness name the model as asked.
 */
export async function startGrpcModelServer(
  label: string,
  options: { raw?: boolean; delayMs?: number } = {},
): Promise<GrpcModelServer> {
  const services = inferenceServices();
  const seen: SeenCall[] = [];
  let behaviour: Behaviour = () => undefined;
  const server = new Server();
  const handle =
    (method: string, answer: (req: Message) => Message) =>
    (call: ServerUnaryCall<Message, Message>, cb: sendUnaryData<Message>): void => {
      seen.push({ method, request: call.request, metadata: call.metadata.getMap() });
      const failure = behaviour();
      const reply = (): void => (failure ? cb(failure) : cb(null, answer(call.request)));
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    };
  const rowsOf = (req: Message): number => {
    const inputs = (req.inputs as { shape?: string[] }[] | undefined) ?? [];
    return Number(inputs[0]?.shape?.[0] ?? 1);
  };
  server.addService(services.kserve, {
    ServerLive: handle('ServerLive', () => ({ live: true })),
    ServerReady: handle('ServerReady', () => ({ ready: true })),
    ServerMetadata: handle('ServerMetadata', () => ({ name: label, version: '1', extensions: [] })),
    ModelReady: handle('ModelReady', () => ({ ready: true })),
    ModelMetadata: handle('ModelMetadata', (req) => ({
      name: req.name,
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'amount', datatype: 'FP32', shape: ['-1', '1'] }],
      outputs: [{ name: 'label', datatype: 'BYTES', shape: ['-1'] }],
    })),
    ModelInfer: handle('ModelInfer', (req) => {
      const rows = rowsOf(req);
      const labels = Array.from({ length: rows }, () => label);
      const base = { model_name: req.model_name, model_version: '1', id: req.id ?? '' };
      if (options.raw) {
        const text = Buffer.concat(
          labels.flatMap((l) => {
            const len = Buffer.alloc(4);
            len.writeUInt32LE(Buffer.byteLength(l));
            return [len, Buffer.from(l)];
          }),
        );
        const fp = Buffer.alloc(4 * rows);
        scores(label, rows).forEach((s, i) => fp.writeFloatLE(s, i * 4));
        return {
          ...base,
          outputs: [
            { name: 'label', datatype: 'BYTES', shape: [String(rows)] },
            { name: 'score', datatype: 'FP32', shape: [String(rows)] },
          ],
          raw_output_contents: [text, fp],
        };
      }
      return {
        ...base,
        outputs: [
          {
            name: 'label',
            datatype: 'BYTES',
            shape: [String(rows)],
            contents: { bytes_contents: labels.map((l) => Buffer.from(l)) },
          },
          {
            name: 'score',
            datatype: 'FP32',
            shape: [String(rows)],
            contents: { fp32_contents: scores(label, rows) },
          },
        ],
      };
    }),
  });
  const health = new HealthImplementation({ '': 'SERVING' });
  health.addToServer(server);
  server.addService(services.tfserving, {
    Predict: handle('Predict', (req) => ({
      model_spec: { name: (req.model_spec as Message | undefined)?.name, version: { value: '3' } },
      outputs: {
        classes: {
          dtype: 'DT_STRING',
          tensor_shape: { dim: [{ size: '1' }] },
          string_val: [Buffer.from(label)],
        },
        scores: { dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: '1' }] }, float_val: scores(label, 1) },
      },
    })),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    health,
    port,
    seen,
    behave: (b) => (behaviour = b),
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

export const fail =
  (code: number, details = 'model crashed'): Behaviour =>
  () => ({ code, details });

export interface CallResult {
  response?: Message;
  error?: ServiceError;
  /** The answer's initial metadata (x-ripcord-release, x-request-id). */
  headers: Record<string, unknown>;
  /** Trailing metadata (carries x-request-id on errors). */
  trailers: Record<string, unknown>;
}

/** A grpc-js client for the gateway's port; `call` makes one unary call of either service. */
export class GatewayClient {
  private readonly client: Client;

  /** `ca`: call over TLS trusting this certificate (PEM); plaintext without it. */
  constructor(port: number, ca?: Buffer) {
    this.client = new Client(
      `127.0.0.1:${port}`,
      ca ? credentials.createSsl(ca) : credentials.createInsecure(),
    );
  }

  call(
    service: 'kserve' | 'tfserving',
    method: string,
    request: Message,
    meta: Record<string, string> = {},
    deadlineMs = 10_000,
  ): Promise<CallResult> {
    const definition = inferenceServices()[service][method] as MethodDefinition<Message, Message>;
    const metadata = new Metadata();
    for (const [k, v] of Object.entries(meta)) metadata.set(k, v);
    return new Promise((resolve) => {
      let headers: Record<string, unknown> = {};
      let trailers: Record<string, unknown> = {};
      let result: { response?: Message; error?: ServiceError } | undefined;
      let ended = false;
      const finish = (): void => {
        if (result && ended) resolve({ ...result, headers, trailers });
      };
      const call = this.client.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        metadata,
        { deadline: Date.now() + deadlineMs },
        (error: ServiceError | null, response?: Message) => {
          result = error ? { error } : { response: response! };
          if (error) trailers = error.metadata.getMap();
          finish();
        },
      );
      call.on('metadata', (m: Metadata) => (headers = m.getMap()));
      call.on('status', (s: { metadata: Metadata }) => {
        trailers = { ...trailers, ...s.metadata.getMap() };
        ended = true;
        finish();
      });
    });
  }

  /** A call to any path with an empty message: for methods the gateway does not declare. */
  unary(path: string): Promise<{ code: number; details: string }> {
    return new Promise((resolve) =>
      this.client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        (error: ServiceError | null) =>
          resolve({ code: error?.code ?? status.OK, details: error?.details ?? '' }),
      ),
    );
  }

  close(): void {
    this.client.close();
  }
}

/** A KServe v2 infer request with `rows` rows of one FP32 input `amount`. */
export function inferRequest(model: string, rows = 1, extra: Message = {}): Message {
  return {
    model_name: model,
    inputs: [
      {
        name: 'amount',
        datatype: 'FP32',
        shape: [String(rows)],
        contents: { fp32_contents: Array.from({ length: rows }, (_, i) => 10 + i) },
      },
    ],
    ...extra,
  };
}

export { status };
