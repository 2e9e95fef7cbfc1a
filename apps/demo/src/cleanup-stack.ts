/**
 * Everything the demo started, to be stopped in reverse order whatever happens (success, error,
 * Ctrl-C). Each step runs once; a failing step does not stop the others.
 */
export class CleanupStack {
  private readonly steps: Array<{ label: string; run: () => Promise<unknown> }> = [];
  private running: Promise<string[]> | undefined;

  /** Registers `run` to undo something just started; `label` names it in failure reports. */
  add(label: string, run: () => Promise<unknown>): void {
    this.steps.push({ label, run });
  }

  /**
   * Runs every step, newest first, and resolves with the labels of those that failed.
   * Concurrent calls share one run.
   */
  runAll(): Promise<string[]> {
    this.running ??= (async () => {
      const failed: string[] = [];
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        try {
          await step.run();
        } catch {
          failed.push(step.label);
        }
      }
      return failed;
    })();
    return this.running;
  }
}
