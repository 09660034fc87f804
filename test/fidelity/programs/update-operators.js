// ++ and -- on properties, with comments or spaces between operand and operator (pako writes
// `s.bl_tree[curlen * 2]/*.Freq*/++`), and on variables: same values, same results.
const s = { bl_tree: [0, 0, 0, 0, 0], count: 10n };
let curlen = 2;
const results = [];
results.push(s.bl_tree[curlen * 2]/*.Freq*/++);
results.push(s.bl_tree[1] /* spaced */ --);
results.push(s.bl_tree[0] ++);
results.push(++/* before */s.bl_tree[3]);
results.push(-- s.bl_tree[2]);
results.push(String(s.count++), String(++s.count));
let n = 5;
results.push(n /* c */ ++, -- /* d */ n);
console.log(results.join(' '), s.bl_tree.join(','), String(s.count), n);
