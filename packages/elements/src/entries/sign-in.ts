/**
 * The sign-in-only bundle (`dist/sign-in.js`): registers `<portico-login-form>` and the building blocks it renders,
 * for a host page that talks to the API itself (it listens to `portico-login-submit`).
 */
export { type LoginCredentials, PorticoLoginForm } from '../login-form/portico-login-form.ts';
