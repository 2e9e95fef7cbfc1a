import { randomInt } from "node:crypto";

/** Fresh ids of one run, through either provider's intake. */
export interface IdBatch {
  next(): string;
  take(count: number): string[];
  /** True when `id` (an event's verification_id) belongs to this batch. */
  owns(id: string): boolean;
}

let batches = 0;

/** Sandbox shapes are picked by an id's last digit; 9 is `not-found` (see SANDBOX_SHAPES). */
const FOUND_SHAPES = 9;
/** The two digits before the shape pick one of 100 people of the shape's pool. */
const PEOPLE = 100;

/**
 * Unique imp_uids for one run: `imp_` + an 11-digit stem (random, then a batch counter) + a
 * 7-digit serial + 2 person digits + 1 shape digit, 25 characters (the API accepts 32).
 * Fresh ids make every POST a first submission whose job really fetches, checks and stores.
 *
 * The shape digit cycles through the sandbox's nine found shapes (passed, failed, no phone,
 * no unique_key, no birthday, birth only, not certified, turning 19, extra fields). The
 * `not-found` shape is left out: real submissions follow a finished certification, and the
 * worker confirms a 404 with a second fetch 500 ms later, which would turn throughput figures
 * into a measure of that deliberate pause. The person digits advance with the serial, so jobs
 * in flight together are different people (two jobs of one person serialise on its row).
 */
export class ImpUidBatch implements IdBatch {
  readonly stem: string;
  private serial = 0;

  constructor() {
    batches += 1;
    this.stem = `imp_${String(randomInt(0, 1e8)).padStart(8, "0")}${String(batches % 1000).padStart(3, "0")}`;
  }

  next(): string {
    const n = this.serial;
    const person = String(n % PEOPLE).padStart(2, "0");
    const id = `${this.stem}${String(n).padStart(7, "0")}${person}${n % FOUND_SHAPES}`;
    this.serial += 1;
    return id;
  }

  take(count: number): string[] {
    return Array.from({ length: count }, () => this.next());
  }

  /** True when `impUid` belongs to this batch. */
  owns(impUid: string): boolean {
    return impUid.startsWith(this.stem);
  }
}
