/**
 * The peer: a minimal gRPC pass-through written with grpc-js. It forwards ModelInfer to one
 * backend as opaque bytes (no decode, no routing, no telemetry): what a proxy costs at least in
 * the same runtime. Prints "ready <port>".
 */
import {
  Client,
  credentials,
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';

const PATH = '/inference.GRPCInferenceService/ModelInfer';
const bytes = (b: Buffer): Buffer => b;
const backend = new Client(`127.0.0.1:${process.argv[2]}`, credentials.createInsecure());
const server = new Server();
server.addService(
  {
    ModelInfer: {
      path: PATH,
      requestStream: false,
      responseStream: false,
      requestSerialize: bytes,
      requestDeserialize: bytes,
      responseSerialize: bytes,
      responseDeserialize: bytes,
    },
  },
  {
    ModelInfer: (call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) =>
      backend.makeUnaryRequest(
        PATH,
        bytes,
        bytes,
        call.request,
        (error: ServiceError | null, answer?: Buffer) => (error ? cb(error) : cb(null, answer)),
      ),
  },
);
server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`ready ${port}\n`);
});
process.on('SIGTERM', () => server.forceShutdown());
