import { MultiBar, Presets } from "cli-progress";

export interface ProgressDisplay {
  /** Sets the current counts (cheap: redraws are throttled). */
  update(accepted: number, completed: number): void;
  /** Draws the final state and releases the terminal. */
  stop(): void;
}

export interface ProgressOptions {
  /** Unique verifications expected to complete. */
  readonly total: number;
  /** POSTs to be accepted (duplicates included). */
  readonly posts: number;
  /** Where to draw. Default process.stdout. */
  readonly stream?: NodeJS.WriteStream;
  /** Interval of the plain-line output when `stream` is not a terminal, in ms. Default 2000. */
  readonly plainIntervalMs?: number;
}

/**
 * Two live bars, accepted POSTs and completed verifications, on a terminal; one plain line every
 * few seconds otherwise (CI logs, pipes), so the output stays readable in both.
 */
export function createProgressDisplay(options: ProgressOptions): ProgressDisplay {
  const stream = options.stream ?? process.stdout;
  return stream.isTTY ? terminalBars(options, stream) : plainLines(options, stream);
}

function terminalBars(options: ProgressOptions, stream: NodeJS.WriteStream): ProgressDisplay {
  const multi = new MultiBar(
    {
      stream,
      format: " {label} |{bar}| {value}/{total} {percentage}% | {duration_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
    },
    Presets.shades_classic,
  );
  const accepted = multi.create(options.posts, 0, { label: "accepted " });
  const completed = multi.create(options.total, 0, { label: "completed" });
  return {
    update(a, c) {
      accepted.update(a);
      completed.update(c);
    },
    stop() {
      multi.stop();
    },
  };
}

function plainLines(options: ProgressOptions, stream: NodeJS.WriteStream): ProgressDisplay {
  let accepted = 0;
  let completed = 0;
  let printed = "";
  const print = () => {
    const line = `progress: accepted ${accepted}/${options.posts}, completed ${completed}/${options.total}`;
    if (line === printed) return;
    printed = line;
    stream.write(`${line}\n`);
  };
  const timer = setInterval(print, options.plainIntervalMs ?? 2000);
  timer.unref();
  return {
    update(a, c) {
      accepted = a;
      completed = c;
    },
    stop() {
      clearInterval(timer);
      print();
    },
  };
}
