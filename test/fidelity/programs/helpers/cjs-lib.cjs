let count = 0;
exports.named = function named() { return 'named from cjs'; };
exports.counter = () => ++count;
