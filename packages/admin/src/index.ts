export {
  type AdminApiOptions,
  createAdminApi,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from "./admin-api";
export {
  type AdminAuthMethod,
  authenticate,
  bearerToken,
  type RequireAdminOptions,
  requireAdmin,
  SESSION_COOKIE,
} from "./auth";
export { type AdminRouterOptions, createAdminRouter } from "./create-admin-router";
export { AdminCredentials } from "./credentials";
export { createDashboard, type DashboardOptions } from "./dashboard";
export {
  AdminConfigError,
  AdminHttpError,
  AdminQueueUnavailableError,
  InvalidQueryError,
  JobNotFailedError,
  JobNotFoundError,
  UnauthorizedError,
  UnknownQueueError,
} from "./errors";
export { type FailedJobView, toFailedJobView } from "./failed-job-view";
export { type RetryBatchResult, retryFailedBatch, retryFailedJob } from "./retry-failed-jobs";
