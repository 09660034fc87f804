/**
 * Every error the adapter answers a DAP request with: one code per cause, so the extension, the
 * tests and a user reading a log can tell them apart. Messages name what is wrong and what to do.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

export const ErrorCode = {
  // Launch configuration (the attribute is named in the message).
  MissingProgram: 2001,
  ProgramNotFound: 2002,
  BadAttribute: 2003,
  UnknownMode: 2004,
  ProgramAndRecording: 2005,
  RecordingNotFound: 2006,
  NotARecording: 2007,
  EnvFileUnreadable: 2008,
  CwdNotFound: 2009,
  SpawnFailed: 2010,
  RuntimeNotBuilt: 2011,
  // Requests during a session.
  NoRecording: 2100,
  NotStopped: 2101,
  BadInstant: 2102,
  UnknownReference: 2103,
  EvaluationFailed: 2104,
  NotSupported: 2105,
  BadArguments: 2106,
  QueryFailed: 2107,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error to answer a request with; thrown inside handlers and turned into an error response. */
export class AdapterError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly showUser = true) {
    super(message);
  }

  toMessage(): DebugProtocol.Message {
    return { id: this.code, format: this.message, showUser: this.showUser };
  }
}
