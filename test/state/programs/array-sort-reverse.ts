const nums = [5, 3, 9, 1];
const same = nums;
same.sort((p, q) => p - q);
console.log('@state ' + JSON.stringify({ nums }));
nums.reverse();
console.log('@state ' + JSON.stringify({ nums, same }));
const words = ['pear', 'apple', 'fig'];
words.sort();
console.log('@state ' + JSON.stringify({ words }));
