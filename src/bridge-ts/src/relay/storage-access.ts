// Whether the relay's document can see the service's first-party cookies. A frame under another site cannot unless
// it has storage access; a top-level document (the popup) and a frame under the same site can. Asked before each
// credentialed call, so that a grant the browser gives later (after the user met the service in a popup, or from an
// earlier visit) is used from then on.

/** "granted": go on; "required": no access and none to take without the user; "denied": the permission was refused. */
export type StorageAccess = "granted" | "required" | "denied";

/** What the decision reads of the document and the navigator: the engine's own, or stand-ins in unit tests. */
export interface StorageAccessApi {
  readonly hasStorageAccess?: (() => Promise<boolean>) | undefined;
  readonly requestStorageAccess?: (() => Promise<void>) | undefined;
  readonly queryPermission?: (() => Promise<PermissionState>) | undefined;
}

export async function storageAccess(api: StorageAccessApi): Promise<StorageAccess> {
  // An engine without the Storage Access API does not partition or block by it: the frame sees what it sees.
  if (api.hasStorageAccess === undefined || (await api.hasStorageAccess().catch(() => false))) return "granted";
  const state = await api.queryPermission?.().catch(() => undefined);
  if (state === "denied") return "denied";
  // Without a user's gesture, requestStorageAccess resolves only for a permission already granted. Where the
  // permission cannot be queried, asking is the only way to find out; a refusal without a gesture changes nothing.
  if (state === "prompt" || api.requestStorageAccess === undefined) return "required";
  return api.requestStorageAccess().then(
    () => "granted" as const,
    () => "required" as const,
  );
}

/** The engine's Storage Access API, as this document has it. */
export function documentStorageAccess(document: Document, navigator: Navigator): StorageAccessApi {
  return {
    hasStorageAccess: typeof document.hasStorageAccess === "function" ? () => document.hasStorageAccess() : undefined,
    requestStorageAccess:
      typeof document.requestStorageAccess === "function" ? () => document.requestStorageAccess() : undefined,
    queryPermission:
      typeof navigator.permissions?.query === "function"
        ? // "storage-access" is not in every engine's PermissionName list yet; an engine without it rejects.
          async () => (await navigator.permissions.query({ name: "storage-access" as PermissionName })).state
        : undefined,
  };
}
