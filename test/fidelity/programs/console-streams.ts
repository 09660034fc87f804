// stdout content is compared; stderr is written too and must not change stdout.
console.log('%s has %d items costing %i', 'cart', 3, 42.9);
console.error('to stderr');
console.info({ nested: { deep: { deeper: { deepest: 1 } } }, list: [1, 2, 3] });
console.table([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
console.dir(new Map([['k', new Set([1])]]), { depth: 4 });
const wrote = process.stdout.write('raw write\n', () => console.log('write callback ran'));
console.log(typeof wrote);
process.stdout.write(Buffer.from('buffer write\n'));
console.group('group');
console.log('indented');
console.groupEnd();
console.log(String(Symbol('desc')), 10n, -0, [undefined, null], 'é ünïcödé 🎉');
