// The harness ships types for its main entry only; this is the part of static-server.js the e2e test uses.
declare module '@equikit/browser-harness/static-server' {
  export function startStaticServer(options: { root: string; pages?: Record<string, string> }): Promise<{ url: string; close(): Promise<void> }>;
}
