import { ErrorCode } from "../protocol/messages.js";

export { ErrorCode };

const ERROR_NAME = "BridgeError";

/**
 * A failure of the bridge itself (as opposed to an HTTP error status, which resolves like fetch does).
 * It is a TypeError, so code written for fetch's network errors keeps working.
 */
export class BridgeError extends TypeError {
  override readonly name = ERROR_NAME;
  readonly code: ErrorCode;
  /** The relay page the failure concerns. */
  readonly relayUrl: string;

  constructor(code: ErrorCode, relayUrl: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.relayUrl = relayUrl;
  }
}

/** True for a BridgeError from any realm (another frame's bridge.js included), where instanceof fails. */
export function isBridgeError(value: unknown): value is BridgeError {
  if (value instanceof BridgeError) return true;
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  return candidate.name === ERROR_NAME && typeof candidate.code === "string";
}

/** The message a user sees for each code: what happened, at which relay, and what to do about it. */
export function describe(code: ErrorCode, relayUrl: string, pageOrigin: string, detail?: string): string {
  const suffix = detail ? ` (${detail})` : "";
  switch (code) {
    case ErrorCode.RelayUnanswered:
      return (
        `Bridge: the relay frame ${relayUrl} loaded but did not answer. Either the service does not allow ` +
        `${pageOrigin} (its relay's Content-Security-Policy frame-ancestors refused this page: add the origin to a ` +
        `site's Origins in Bridge:Relay:Sites on the service), or the service could not be reached (the frame holds ` +
        `the browser's error page: check that the service is up at that URL), or the URL is not a Bridge relay ` +
        `(check the relay path).`
      );
    case ErrorCode.HandshakeTimeout:
      return (
        `Bridge: the relay ${relayUrl} did not answer in time. Check that the service can be reached and serves ` +
        `the relay at that URL, and that it allows ${pageOrigin} in Bridge:Relay:Sites.${suffix}`
      );
    case ErrorCode.OriginNotAllowed:
      return (
        `Bridge: the relay ${relayUrl} refused requests from ${pageOrigin}. ` +
        `Ask the service owner to add ${pageOrigin} to a site's Origins in Bridge:Relay:Sites.${suffix}`
      );
    case ErrorCode.VersionMismatch:
      return (
        `Bridge: the relay ${relayUrl} speaks another protocol version than this bridge.js.${suffix} ` +
        `Load bridge.js from the same service that serves the relay so the two match.`
      );
    case ErrorCode.TargetNotAllowed:
      return `Bridge: the relay ${relayUrl} refused the request${suffix}: call URLs on the relay's origin only.`;
    case ErrorCode.PathNotAllowed:
    case ErrorCode.MethodNotAllowed:
    case ErrorCode.HeaderNotAllowed:
    case ErrorCode.CredentialsNotAllowed:
      return (
        `Bridge: the relay ${relayUrl} refused the request from ${pageOrigin}${suffix}. Nothing was sent to the ` +
        `service. Change the request, or ask the service owner to allow it in ${pageOrigin}'s site policy ` +
        `(Bridge:Relay:Sites).`
      );
    case ErrorCode.TooLarge:
      return (
        `Bridge: the relay ${relayUrl} refused a body over the size the service allows ${pageOrigin}${suffix}.` +
        // A request body is refused before sending; a response body is cut off after the service answered.
        (detail?.startsWith("the request body") ? " Nothing was sent to the service." : "") +
        ` Send or ask for less, or ask the service owner to raise the site's limits (Bridge:Relay:Sites).`
      );
    case ErrorCode.NetworkError:
      return `Bridge: the relay ${relayUrl} could not complete the request: network error${suffix}.`;
    case ErrorCode.ProtocolError:
      return `Bridge: the relay ${relayUrl} sent a message this bridge.js cannot read.${suffix}`;
    case ErrorCode.RelayLost:
      return (
        `Bridge: the relay frame ${relayUrl} went away before the answer came${suffix}. ` +
        `Retry the call: the next one opens a new relay.`
      );
    case ErrorCode.RelayClosed:
      return `Bridge: the relay ${relayUrl} was closed by this page before the answer came.`;
  }
}
