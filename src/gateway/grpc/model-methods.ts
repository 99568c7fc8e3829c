/**
 * The model-scoped gRPC methods the gateway proxies, and what each needs: which protocol's
 * models it serves, whether it is an inference call (recorded, mirrored), where the request
 * names its model, how the backend's name for it goes in, how the client's name goes back into
 * the answer, and the REST-shaped views telemetry reads.
 */
import type { ServingProtocol } from '../../registry/schemas.js';
import { inferRequestView, inferResponseView } from './kserve-view.js';
import { predictRequestView, predictResponseView } from './tfserving-view.js';

export type Message = Record<string, unknown>;

export interface ModelMethod {
  /** Key in InferenceServices (proto-services.ts) and the method name there. */
  service: 'kserve' | 'tfserving';
  name: string;
  protocol: ServingProtocol;
  inference: boolean;
  /** The field that names the model, for error messages. */
  modelField: string;
  model(req: Message): string;
  /** The request with the backend's name for the model. */
  upstream(req: Message, upstreamModel: string): Message;
  /** The answer with the model name the client asked for. */
  answer(res: Message, model: string): Message;
  /** The request as its REST body (inference methods), for routing on JSON fields and input checks. */
  requestView?(req: Message): Message;
  /** The answer as its REST body (inference methods), for predictions and shadow comparisons. */
  responseView?(res: Message): Message;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const spec = (req: Message): Message => (req.model_spec as Message | undefined) ?? {};

export const MODEL_METHODS: readonly ModelMethod[] = [
  {
    service: 'kserve',
    name: 'ModelInfer',
    protocol: 'kserve-v2',
    inference: true,
    modelField: 'model_name',
    model: (req) => str(req.model_name),
    upstream: (req, name) => ({ ...req, model_name: name }),
    answer: (res, model) => ({ ...res, model_name: model }),
    requestView: inferRequestView,
    responseView: inferResponseView,
  },
  {
    service: 'kserve',
    name: 'ModelMetadata',
    protocol: 'kserve-v2',
    inference: false,
    modelField: 'name',
    model: (req) => str(req.name),
    upstream: (req, name) => ({ ...req, name }),
    answer: (res, model) => ({ ...res, name: model }),
  },
  {
    service: 'kserve',
    name: 'ModelReady',
    protocol: 'kserve-v2',
    inference: false,
    modelField: 'name',
    model: (req) => str(req.name),
    upstream: (req, name) => ({ ...req, name }),
    answer: (res) => res,
  },
  {
    service: 'tfserving',
    name: 'Predict',
    protocol: 'tfserving',
    inference: true,
    modelField: 'model_spec.name',
    model: (req) => str(spec(req).name),
    upstream: (req, name) => ({ ...req, model_spec: { ...spec(req), name } }),
    answer: (res, model) => (res.model_spec ? { ...res, model_spec: { ...spec(res), name: model } } : res),
    requestView: predictRequestView,
    responseView: predictResponseView,
  },
];
