import { type EndpointName, endpointRoutes } from './endpoint-routes.ts';

/** The path of each endpoint by its name in the endpoint table (`endpointRoutes`), relative to the API base URL. */
export const apiPaths = Object.fromEntries(Object.entries(endpointRoutes).map(([name, route]) => [name, route.path])) as {
  readonly [Name in EndpointName]: (typeof endpointRoutes)[Name]['path'];
};

/** The onboarding endpoint of one account (`apiPaths.adminAccountOnboard` with its customer ID). */
export function onboardPath(customerId: string): string {
  return apiPaths.adminAccountOnboard.replace(':customerId', encodeURIComponent(customerId));
}

type UserPath = typeof apiPaths.adminUser | typeof apiPaths.adminUserResetFactors | typeof apiPaths.adminUserDisable | typeof apiPaths.adminUserEnable;

/** One user's support path (`apiPaths.adminUser`, `adminUserResetFactors`, `adminUserDisable`, `adminUserEnable`) with their id. */
export function userPath(path: UserPath, userId: string): string {
  return path.replace(':userId', encodeURIComponent(userId));
}
