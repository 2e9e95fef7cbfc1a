/** Call counters since start or the last reset (`GET /__sandbox/stats`). */
export interface SandboxStats {
  /** `POST /users/getToken` requests received, faulted or not. */
  readonly getTokenCalls: number;
  /** Distinct tokens created (a repeated or extended token is not counted again). */
  readonly tokensIssued: number;
  /** `GET /certifications/:imp_uid` requests received, faulted or not. */
  readonly certificationCalls: number;
  /** The same, per imp_uid. */
  readonly certificationCallsByImpUid: Readonly<Record<string, number>>;
  /** Distinct imp_uids fetched. */
  readonly distinctImpUids: number;
  /** `DELETE /certifications/:imp_uid` requests received. */
  readonly deleteCalls: number;
  /** 401 answers to certification requests (missing, unknown or expired token). */
  readonly unauthorized: number;
  /** Requests answered by an injected fault (drop, 4xx/5xx, non-zero code). */
  readonly faultsInjected: number;
  /** PortOne V2 `GET /identity-verifications/:id` requests received, faulted or not. */
  readonly identityVerificationCalls: number;
  /** The same, per id. */
  readonly identityVerificationCallsById: Readonly<Record<string, number>>;
  /** V2 requests refused: 401 (missing or wrong secret) and 403 (another store). */
  readonly identityVerificationRejected: number;
}

export class CallStats {
  getTokenCalls = 0;
  certificationCalls = 0;
  deleteCalls = 0;
  unauthorized = 0;
  faultsInjected = 0;
  identityVerificationCalls = 0;
  identityVerificationRejected = 0;
  private readonly byImpUid = new Map<string, number>();
  private readonly byVerificationId = new Map<string, number>();

  countCertification(impUid: string): void {
    this.certificationCalls += 1;
    this.byImpUid.set(impUid, (this.byImpUid.get(impUid) ?? 0) + 1);
  }

  countIdentityVerification(id: string): void {
    this.identityVerificationCalls += 1;
    this.byVerificationId.set(id, (this.byVerificationId.get(id) ?? 0) + 1);
  }

  callsFor(impUid: string): number {
    return this.byImpUid.get(impUid) ?? 0;
  }

  snapshot(tokensIssued: number): SandboxStats {
    return {
      getTokenCalls: this.getTokenCalls,
      tokensIssued,
      certificationCalls: this.certificationCalls,
      certificationCallsByImpUid: Object.fromEntries(this.byImpUid),
      distinctImpUids: this.byImpUid.size,
      deleteCalls: this.deleteCalls,
      unauthorized: this.unauthorized,
      faultsInjected: this.faultsInjected,
      identityVerificationCalls: this.identityVerificationCalls,
      identityVerificationCallsById: Object.fromEntries(this.byVerificationId),
      identityVerificationRejected: this.identityVerificationRejected,
    };
  }

  reset(): void {
    this.getTokenCalls = 0;
    this.certificationCalls = 0;
    this.deleteCalls = 0;
    this.unauthorized = 0;
    this.faultsInjected = 0;
    this.byImpUid.clear();
    this.identityVerificationCalls = 0;
    this.identityVerificationRejected = 0;
    this.byVerificationId.clear();
  }
}
