/** Bench model server: KServe v2 ModelInfer answering a fixed FP32 output, on the port given; prints "ready <port>". */
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';

import { inferenceServices } from '../../src/gateway/grpc/proto-services.js';

type Message = Record<string, unknown>;

const server = new Server();
server.addService(inferenceServices().kserve, {
  ModelInfer: (call: ServerUnaryCall<Message, Message>, cb: sendUnaryData<Message>) =>
    cb(null, {
      model_name: call.request.model_name,
      outputs: [{ name: 'score', datatype: 'FP32', shape: ['1'], contents: { fp32_contents: [0.5] } }],
    }),
});
server.bindAsync(`127.0.0.1:${process.argv[2] ?? '0'}`, ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`ready ${port}\n`);
});
process.on('SIGTERM', () => server.forceShutdown());
