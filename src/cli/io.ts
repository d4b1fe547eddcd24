// The process boundary, passed in so that tests run the real CLI in-process.

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `-`). */
  stdin: () => Buffer;
  /** Whether stdout is a terminal: colours only then, and never with NO_COLOR. */
  isTTY: boolean;
  /** Whether stderr is a terminal: progress lines only then. */
  stderrIsTTY?: boolean;
  env: NodeJS.ProcessEnv;
}

/** A mistake in how hindsight was called: one clear line on stderr, exit code 2. */
export class UsageError extends Error {}
