const big = 2n ** 100n;
const mixed = [big, -big, BigInt(Number.MAX_SAFE_INTEGER) + 2n, 0n];
function factorial(n: bigint): bigint { return n <= 1n ? 1n : n * factorial(n - 1n); }
console.log(mixed.map(String), factorial(30n).toString(), typeof big, big > 1e30, BigInt.asIntN(8, 255n));
try { (1n as unknown as number) + 1; } catch (e) { console.log((e as Error).constructor.name); }
