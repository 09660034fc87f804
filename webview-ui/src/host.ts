/**
 * The webview's side of the message protocol (`src/protocol/webview.ts`): requests with ids that
 * resolve when the extension answers, and a subscription for what the extension pushes. Every
 * message received is validated before use; invalid ones are reported on the console and dropped.
 */
import {
  checkResult, parseHostToWebview,
  type HostToWebview, type TimelineMethod, type TimelineRequests, type WebviewToHost,
} from '../../src/protocol/webview';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page: keep the handle. */
const vscode: VsCodeApi = acquireVsCodeApi();

type Pending = { method: TimelineMethod; resolve: (r: unknown) => void; reject: (e: Error) => void };
const pending = new Map<number, Pending>();
let nextId = 1;

type PushMessage = Exclude<HostToWebview, { type: 'response' }>;
const listeners = new Set<(m: PushMessage) => void>();

export function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

export function request<M extends TimelineMethod>(method: M, args: TimelineRequests[M]['args']): Promise<TimelineRequests[M]['result']> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { method, resolve: resolve as (r: unknown) => void, reject });
    post({ type: 'request', id, method, args } as WebviewToHost);
  });
}

export function onHostMessage(listener: (m: PushMessage) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostToWebview(event.data);
  if (!parsed.ok) {
    console.warn(`scope timeline: ignored a message from the extension: ${parsed.reason}`);
    return;
  }
  const message = parsed.message;
  if (message.type !== 'response') {
    for (const l of listeners) l(message);
    return;
  }
  const p = pending.get(message.id);
  if (!p) return;
  pending.delete(message.id);
  if (!message.ok) {
    p.reject(new Error(message.error));
    return;
  }
  const checked = checkResult(p.method, message.result);
  if (checked.ok) p.resolve(checked.message);
  else p.reject(new Error(checked.reason));
});
