export { type AdminRouterOptions, createAdminRouter } from "./create-admin-router";
export type { EraseUser, ErasureResult } from "./erase-user-route";
export { AdminConfigError } from "./errors";
