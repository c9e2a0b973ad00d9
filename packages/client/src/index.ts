/** @portico/client — a typed, framework-free fetch client of the Portico API, usable headless. */
export {
  type Answers,
  type AnswerSchemaName,
  type AnswerValidator,
  type CallOptions,
  createPorticoClient,
  type PorticoClient,
  type PorticoClientOptions,
} from './client.ts';
export { PorticoApiError, type PorticoErrorCode } from './errors.ts';
