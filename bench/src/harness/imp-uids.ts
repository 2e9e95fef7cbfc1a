import { randomInt } from "node:crypto";

let batches = 0;

/**
 * Unique imp_uids for one run: `imp_` + an 11-digit stem (random, then a batch counter) + a
 * 7-digit serial, 22 characters in all (the API accepts up to 32). Fresh ids mean every POST
 * is a first submission and every job really fetches, checks and stores. The sandbox picks
 * the record's shape from the last digit, so consecutive serials cycle through every shape
 * (not_found included) in equal shares.
 */
export class ImpUidBatch {
  readonly stem: string;
  private serial = 0;

  constructor() {
    batches += 1;
    this.stem = `imp_${String(randomInt(0, 1e8)).padStart(8, "0")}${String(batches % 1000).padStart(3, "0")}`;
  }

  next(): string {
    const id = `${this.stem}${String(this.serial).padStart(7, "0")}`;
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
