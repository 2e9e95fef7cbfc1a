import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import type { Router } from "express";
import { pickJobData } from "./failed-job-view";

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];

export interface DashboardOptions {
  /** Queues shown on the board, each with retry and inspect actions. */
  queues: readonly Queue[];
  /** Absolute path the board is served under, e.g. `/admin/queues` (asset URLs derive from it). */
  basePath: string;
  /** The sign-out page, linked from the board's menu, e.g. `/admin/logout`. */
  logoutPath: string;
}

/**
 * The bull-board UI and its JSON backend. Authentication and the refusal of every destructive
 * action are the caller's job: mount this only behind `requireAdmin` and `createBoardGuard`.
 * The UI still shows buttons for actions the guard refuses (bull-board has no mode that keeps
 * retry and hides the rest); pressing one shows the 403 as an error.
 *
 * What it can show is safe by design: certification job data is `{provider, id}` only (the worker
 * fetches everything else from the provider), and the worker fails jobs with stable error codes
 * whose messages carry no personal data; the stack trace the board shows under a failed job
 * holds that message and code locations only. The `data` formatter below still trims whatever a job
 * holds to its provider and id, so a producer bug cannot put personal data on the operator's screen.
 */
export function createDashboard(options: DashboardOptions): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(options.basePath);
  const adapters = options.queues.map((queue) => {
    // The UI also offers retrying completed jobs; the board guard refuses that (a completed
    // verification was answered already), since the adapter's public options cannot hide it.
    const adapter = new BullMQAdapter(queue, { allowRetries: true });
    adapter.setFormatter("data", pickJobData);
    return adapter;
  });
  createBullBoard({
    queues: adapters,
    // @bull-board/express 9.10.1 declares its own nested copy of @bull-board/api 9.10.1, whose
    // adapter class TypeScript will not unify with 9.10.2's (private fields); the runtime
    // contract between the two is the same.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: {
      uiConfig: {
        boardTitle: "Certification queues",
        hideDocsLink: true,
        miscLinks: [{ text: "Sign out", url: options.logoutPath }],
      },
    },
  });
  return serverAdapter.getRouter() as Router;
}
