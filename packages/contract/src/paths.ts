/** The API's routes, relative to the API base URL. */
export const apiPaths = {
  signIn: '/api/auth/sign-in',
  signOut: '/api/auth/sign-out',
  forgotPassword: '/api/auth/forgot-password',
  inspectLink: '/api/auth/link',
  setPassword: '/api/auth/set-password',
  changePassword: '/api/account/password',
  config: '/api/config',
  signUp: '/api/sign-up',
  signUpVerify: '/api/sign-up/verify',
  invitationEmail: '/api/auth/invitation/email',
  adminInvitations: '/api/admin/invitations',
  session: '/api/session',
  adminUsers: '/api/admin/users',
  health: '/api/health',
  /** Development mode only. */
  devOutbox: '/api/dev/outbox',
} as const;
