const arr = new Array(4).fill(0);
console.log('@state ' + JSON.stringify({ arr }));
arr.fill(7, 1, 3);
console.log('@state ' + JSON.stringify({ arr }));
arr.length = 2;
console.log('@state ' + JSON.stringify({ arr }));
arr[4] = 1;
console.log('@state ' + JSON.stringify({ arr }));
