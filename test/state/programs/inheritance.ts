class Shape {
  kind: string;
  sides: number;
  constructor(kind: string, sides: number) {
    this.kind = kind;
    this.sides = sides;
  }
  grow() {
    this.sides++;
    const self = this;
    console.log('@state ' + JSON.stringify({ self }));
  }
}
class Square extends Shape {
  size = 1;
  constructor(size: number) {
    super('square', 4);
    this.size = size;
    console.log('@state ' + JSON.stringify({ size }));
  }
  grow() {
    this.size *= 2;
    super.grow();
  }
}
const sq = new Square(3);
sq.grow();
console.log('@state ' + JSON.stringify({ sq }));
