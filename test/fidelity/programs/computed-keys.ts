let counter = 0;
const key = () => `k${counter++}`;
const sym = Symbol('s');
const obj = { [key()]: 1, [key()]: 2, [sym]: 'sym', [`${'tmpl'}ate`]: true, ['a' + 1]() { return 'method'; }, get [key()]() { return 'getter'; } };
class C { [key()] = 'field'; static [key()] = 'static field'; [key()]() { return 'class method'; } }
console.log(Object.keys(obj), obj.a1(), obj[sym], Object.keys(new C()), Object.keys(C), counter);
