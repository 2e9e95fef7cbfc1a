export { type AdminRouterOptions, createAdminRouter } from "./create-admin-router";
export { AdminConfigError } from "./errors";
