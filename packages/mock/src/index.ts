/**
 * @portico/mock — the Portico API with no server: the real Hono app with in-memory adapters, behind msw handlers,
 * in the browser (`@portico/mock/browser`) or in Node (`@portico/mock/node`). See README.md.
 */
export { createMockBackend, mockPolicy, type MockBackend, type MockBackendOptions, type MockClockControl, type PolicyOverrides } from './mock-backend.ts';
export {
  bankIdTestPath,
  cookieKeepingFetch,
  scenarioData,
  seedScenarios,
  SeedError,
  type AccountsScenario,
  type BankIdScenario,
  type CustomerIdScenario,
  type PasswordScenario,
  type Scenarios,
  type SeedTarget,
  type SendRequest,
  type SmsScenario,
  type TotpScenario,
} from './scenarios.ts';
export { CookieJar } from './cookie-jar.ts';
