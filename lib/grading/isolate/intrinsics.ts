// Runs INSIDE an isolate (see ./README.md).
//
// Built-ins captured when the context is prepared, before any untrusted code runs in it: later,
// every global and prototype method may have been replaced, so the harness calls only these.

export const JSONparse = JSON.parse;
export const JSONstringify = JSON.stringify;
export const ObjectKeys = Object.keys;
export const ObjectDefineProperty = Object.defineProperty;
export const ObjectFreeze = Object.freeze;
const ObjectCreate = Object.create;
export const ArrayIsArray = Array.isArray;
// Detached from their objects on purpose: each is called through ReflectApply with its receiver.
/* eslint-disable @typescript-eslint/unbound-method */
export const ArrayBufferIsView = ArrayBuffer.isView;
export const ReflectApply = Reflect.apply;
const StringSlice: (this: string, start?: number, end?: number) => string = String.prototype.slice;
const FunctionToString: (this: unknown) => string = Function.prototype.toString;
export const FunctionCtor = Function;
const typedArrayLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, "length")?.get as
  | ((this: ArrayBufferView) => number)
  | undefined;
/* eslint-enable @typescript-eslint/unbound-method */
if (typedArrayLength === undefined) throw new Error("sandbox: TypedArray length getter not found");
const typedArrayLengthGetter = typedArrayLength;

/** s.slice(a, b) without looking up String.prototype.slice now. */
export function slice(s: string, a: number, b?: number): string {
  return ReflectApply(StringSlice, s, [a, b]);
}

/** The length of a typed array, read through the intrinsic getter (not a property the value owns). */
export function typedLength(view: ArrayBufferView): number {
  return ReflectApply(typedArrayLengthGetter, view, []);
}

/** Function.prototype.toString of fn, without looking it up now. */
export function functionSource(fn: unknown): string {
  return ReflectApply(FunctionToString, fn, []);
}

/** A new object with own data properties only (no setter of Object.prototype can intercept them). */
export function plainRecord(): Record<string, unknown> {
  return ObjectCreate(null) as Record<string, unknown>;
}

export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  ObjectDefineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
