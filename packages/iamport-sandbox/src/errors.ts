/** A control-API or configuration input the sandbox cannot use; answered with HTTP 400. */
export class SandboxInputError extends Error {
  override readonly name = "SandboxInputError";
}
