import { Provider } from '@nestjs/common';
import { PUBLIC_GET_PATHS } from '@tidemark/service-kit';

/** Where the dashboard lives. */
export const DASHBOARD_ROOT = 'dashboard';

/**
 * The data-free page shell and its script and styles. A browser cannot send
 * a bearer token when it navigates, so only these exact paths may be
 * answered without one; the views under /dashboard/views/ hold the data and
 * need the token like every other route.
 */
export const DASHBOARD_PUBLIC_PATHS: readonly string[] = ['/dashboard', '/dashboard/app.js', '/dashboard/app.css'];

/** Lists them for service-kit's bearer-token middleware (applyHttpSecurity reads PUBLIC_GET_PATHS). */
export const dashboardPublicPathsProvider: Provider = { provide: PUBLIC_GET_PATHS, useValue: DASHBOARD_PUBLIC_PATHS };
