/**
 * The response schemas of the Open Inference Protocol REST API, as published in
 * kserve/open-inference-protocol specification/protocol/open_inference_rest.yaml (Apache-2.0),
 * `components.schemas`, written out as JSON for a JSON Schema validator.
 */
import { Ajv } from 'ajv';

const parameters = { type: 'object' };
const tensorData = {
  type: 'array',
  items: {
    anyOf: [
      { $ref: '#/components/schemas/tensor_data' },
      { type: 'number' },
      { type: 'string' },
      { type: 'boolean' },
    ],
  },
};
const metadataTensor = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    datatype: { type: 'string' },
    shape: { type: 'array', items: { type: 'integer' } },
  },
  required: ['name', 'datatype', 'shape'],
};
const errorResponse = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };

export const OIP_REST = {
  $id: 'oip',
  components: {
    schemas: {
      metadata_server_response: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          version: { type: 'string' },
          extensions: { type: 'array', items: { type: 'string' } },
        },
        required: ['name', 'version', 'extensions'],
      },
      metadata_server_error_response: errorResponse,
      metadata_model_response: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          versions: { type: 'array', items: { type: 'string' } },
          platform: { type: 'string' },
          inputs: { type: 'array', items: { $ref: '#/components/schemas/metadata_tensor' } },
          outputs: { type: 'array', items: { $ref: '#/components/schemas/metadata_tensor' } },
        },
        required: ['name', 'platform'],
      },
      metadata_tensor: metadataTensor,
      metadata_model_error_response: errorResponse,
      parameters,
      tensor_data: tensorData,
      response_output: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          shape: { type: 'array', items: { type: 'integer' } },
          datatype: { type: 'string' },
          parameters: { $ref: '#/components/schemas/parameters' },
          data: { $ref: '#/components/schemas/tensor_data' },
        },
        required: ['name', 'shape', 'datatype', 'data'],
      },
      inference_response: {
        type: 'object',
        properties: {
          model_name: { type: 'string' },
          model_version: { type: 'string' },
          id: { type: 'string' },
          parameters: { $ref: '#/components/schemas/parameters' },
          outputs: { type: 'array', items: { $ref: '#/components/schemas/response_output' } },
        },
        required: ['model_name', 'outputs'],
      },
      inference_error_response: errorResponse,
    },
  },
};

export type OipSchema = keyof typeof OIP_REST.components.schemas;

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(OIP_REST);

/** Validates `body` against one OIP schema; returns ajv's errors as text, '' when valid. */
export function oipErrors(schema: OipSchema, body: unknown): string {
  const validate = ajv.getSchema(`oip#/components/schemas/${schema}`)!;
  return validate(body) ? '' : ajv.errorsText(validate.errors);
}
