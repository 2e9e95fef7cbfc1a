/** How long one cleanup step may take before the next one runs anyway. */
export const CLEANUP_STEP_TIMEOUT_MS = 30_000;

/**
 * Everything the demo started, to be stopped in reverse order whatever happens (success, error,
 * Ctrl-C). Each step runs once; a failing or hanging step does not stop the others (a server
 * that already died of the terminal's Ctrl-C may never report its exit).
 */
export class CleanupStack {
  private readonly steps: Array<{ label: string; run: () => Promise<unknown> }> = [];
  private running: Promise<string[]> | undefined;

  constructor(private readonly stepTimeoutMs = CLEANUP_STEP_TIMEOUT_MS) {}

  /** Registers `run` to undo something just started; `label` names it in failure reports. */
  add(label: string, run: () => Promise<unknown>): void {
    this.steps.push({ label, run });
  }

  /**
   * Runs every step, newest first, and resolves with the labels of those that failed or timed
   * out. Concurrent calls share one run.
   */
  runAll(): Promise<string[]> {
    this.running ??= (async () => {
      const failed: string[] = [];
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        if (!(await this.runStep(step.run))) failed.push(step.label);
      }
      return failed;
    })();
    return this.running;
  }

  private async runStep(run: () => Promise<unknown>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.stepTimeoutMs);
    });
    try {
      return await Promise.race([run().then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
