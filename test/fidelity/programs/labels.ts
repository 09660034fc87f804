const out: string[] = [];
outer: for (let i = 0; i < 3; i++) {
  inner: for (let j = 0; j < 3; j++) {
    if (j === 1) continue outer;
    if (i === 2) break outer;
    if (j === 2) break inner;
    out.push(`${i}${j}`);
  }
}
block: {
  out.push('in block');
  if (out.length > 0) break block;
  out.push('never');
}
let k = 0;
loop: do { k++; if (k < 3) continue loop; break; } while (true);
console.log(out.join(' '), k);
