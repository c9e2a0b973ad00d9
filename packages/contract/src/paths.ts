/** The API's routes, relative to the API base URL. */
export const apiPaths = {
  signIn: '/api/auth/sign-in',
  signOut: '/api/auth/sign-out',
  session: '/api/session',
  adminUsers: '/api/admin/users',
  health: '/api/health',
} as const;
