// Uncaught from an ES module, thrown inside an async function after an await.
async function fail() {
  await null;
  throw new TypeError('async failure');
}
console.log('start');
await fail();
