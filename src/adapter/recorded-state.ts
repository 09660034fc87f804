/**
 * The recorded state at one instant, as the evaluator and the Variables view see it: bindings of a
 * frame, `this`, and objects rebuilt as of that instant. Values come from the query engine only.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ShownValue } from '../protocol/dap-custom';
import type { ResolvedBinding, ScopeQueryEngine } from '../query/engine';
import { evaluateExpression, showPrimitive, type EvalResult, type RecordedState } from '../query/evaluate';
import { seenMark } from '../query/objects';

/** Where an expression is evaluated: an instant and a frame of the stack at that instant. */
export interface FrameRef {
  instant: number;
  frameIndex: number;
}

/**
 * `seen`, when given, gets the earliest instant at which an object whose property was read had
 * been seen, if that is before `at` (calls mode: the object may have changed since, unrecorded).
 */
export function recordedStateAt(engine: ScopeQueryEngine, at: FrameRef, seen?: { at?: number }): RecordedState {
  // Only the names an expression reads are shown (showing an object builds its preview): a
  // breakpoint condition is evaluated at every hit, so this stays lazy.
  let bindings: ResolvedBinding[] | undefined;
  const objects = new Map<number, ReturnType<ScopeQueryEngine['objectAt']>>();
  const visible = (): ResolvedBinding[] => {
    if (!bindings) {
      const r = engine.bindingsAt(at.instant, at.frameIndex);
      bindings = r.ok ? r.bindings : [];
    }
    return bindings;
  };
  return {
    namespaceMember(name, key) {
      const found = visible().find((b) => b.name === name);
      return found && found.decl === 'import' ? engine.namespaceMember(found, key, at.instant) : undefined;
    },
    binding(name) {
      const found = visible().find((b) => b.name === name);
      if (found) return engine.show(found.raw, at.instant);
      if (name !== 'this') return undefined;
      const stack = engine.stackAt(at.instant);
      return stack.ok ? stack.frames[at.frameIndex]?.self : undefined;
    },
    property(objectId, key) {
      let r = objects.get(objectId);
      if (!r) objects.set(objectId, (r = engine.objectAt(objectId, at.instant)));
      if (!r.ok) return { found: false, cut: true };
      const object = r.object;
      if (seen && object.seenAt !== undefined && (seen.at === undefined || object.seenAt < seen.at)) seen.at = object.seenAt;
      const found = object.properties.find((p) => p.key === key && !p.keyValue);
      if (found) return { found: true, value: found.value };
      // Lengths and sizes the snapshot implies: reading them runs no program code.
      if (key === 'length' && object.type === 'Array' && !object.cut) {
        return { found: true, value: showPrimitive(object.properties.filter((p) => /^(0|[1-9]\d*)$/.test(p.key)).length) };
      }
      if (key === 'size' && (object.type === 'Map' || object.type === 'Set') && !object.cut) {
        return { found: true, value: showPrimitive(object.properties.length) };
      }
      return { found: false, cut: object.cut };
    },
  };
}

export function evaluateAt(engine: ScopeQueryEngine, at: FrameRef, expression: string): EvalResult {
  return evaluateExpression(expression, recordedStateAt(engine, at));
}

/**
 * `name`, when it is a namespace import (`import * as name`) visible at `at`: how it shows, and
 * its module's exports with their values then. Undefined otherwise, or when its module is not in
 * the recording.
 */
export function namespaceAt(engine: ScopeQueryEngine, at: FrameRef, name: string): ReturnType<ScopeQueryEngine['namespaceOf']> {
  const r = engine.bindingsAt(at.instant, at.frameIndex);
  const b = r.ok ? r.bindings.find((x) => x.name === name) : undefined;
  return b?.decl === 'import' ? engine.namespaceOf(b, at.instant) : undefined;
}

/**
 * `evaluateAt` for showing: a primitive computed from properties of an object seen before the
 * instant (calls mode) says when, as that object's own preview does.
 */
export function evaluateForDisplay(engine: ScopeQueryEngine, at: FrameRef, expression: string): EvalResult {
  const seen: { at?: number } = {};
  const r = evaluateExpression(expression, recordedStateAt(engine, at, seen));
  if (!r.ok || seen.at === undefined || r.value.kind !== 'primitive') return r;
  return { ok: true, value: { ...r.value, text: `${r.value.text} ${seenMark(seen.at)}` } };
}

/** The text VS Code shows for a value. */
export function valueText(v: ShownValue): string {
  if (v.kind === 'object') return v.preview;
  return v.text;
}

export function valueType(v: ShownValue): string {
  if (v.kind === 'object') return v.className || v.type;
  return v.type;
}

/** A DAP variable for a recorded value; `expand` gives an object a handle for lazy expansion. */
export function toVariable(name: string, v: ShownValue, expand: (objectId: number) => number, evaluateName?: string): DebugProtocol.Variable {
  const variable: DebugProtocol.Variable = {
    name,
    value: valueText(v),
    type: valueType(v),
    variablesReference: v.kind === 'object' ? expand(v.id) : 0,
  };
  if (evaluateName) variable.evaluateName = evaluateName;
  if (v.kind === 'special') variable.presentationHint = { attributes: ['readOnly'], kind: 'virtual' };
  return variable;
}

/** `parent.key` or `parent["key"]`, so Add to Watch and Copy as Expression work on a child. */
export function childExpression(parent: string | undefined, key: string, isIndexed: boolean): string | undefined {
  if (parent === undefined) return undefined;
  if (isIndexed) return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
