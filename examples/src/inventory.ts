// Stock kept in memory, with an audit log written (slowly) before each reservation completes.

export class Inventory {
  private readonly stock: Record<string, number>;
  readonly log: string[] = [];

  constructor(initial: Record<string, number>) {
    this.stock = { ...initial };
  }

  count(item: string): number {
    return this.stock[item] ?? 0;
  }

  async reserve(customer: string, item: string, quantity: number): Promise<boolean> {
    const available = this.count(item);
    if (available < quantity) {
      this.log.push(`${customer}: only ${available} ${item} left`);
      return false;
    }
    await this.audit(`${customer} reserves ${quantity} ${item}`);
    // BUG (async race): `available` was read before the await. Another checkout may have reserved
    // the same stock meanwhile, and this write throws its reservation away. A breakpoint here
    // stops twice; step back from the second stop to see both customers read the same stock.
    this.stock[item] = available - quantity;
    return true;
  }

  private async audit(entry: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.log.push(entry);
  }
}
