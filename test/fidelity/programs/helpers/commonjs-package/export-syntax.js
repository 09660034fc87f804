// export in a "type": "commonjs" package: a SyntaxError, not a module.
export function never() { return 'ran'; }
export const value = 1;
