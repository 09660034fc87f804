// A tiny shop: two customers check out at the same time. Run it with "Scope Debug" (F5) and the
// numbers printed at the end are wrong twice over — 4 widgets sold from a stock of 3, and Ben, who
// is not a VIP, gets the VIP discount. Both bugs are easier to see going backwards than forwards.
import { Inventory } from './inventory';
import { priceOrder, rulesFor } from './pricing';

interface Customer {
  name: string;
  vip: boolean;
}

interface Receipt {
  customer: string;
  ok: boolean;
  total: number;
}

async function checkout(inventory: Inventory, customer: Customer, items: Record<string, number>): Promise<Receipt> {
  for (const [item, quantity] of Object.entries(items)) {
    const reserved = await inventory.reserve(customer.name, item, quantity);
    if (!reserved) return { customer: customer.name, ok: false, total: 0 };
  }
  const rules = rulesFor(customer);
  const total = priceOrder(items, rules);
  return { customer: customer.name, ok: true, total };
}

async function main(): Promise<void> {
  const inventory = new Inventory({ widget: 3, gadget: 10 });
  const ana: Customer = { name: 'Ana', vip: true };
  const ben: Customer = { name: 'Ben', vip: false };

  const receipts = await Promise.all([
    checkout(inventory, ana, { widget: 2 }),
    checkout(inventory, ben, { widget: 2, gadget: 1 }),
  ]);

  for (const receipt of receipts) {
    console.log(`${receipt.customer}: ${receipt.ok ? `paid ${receipt.total}` : 'out of stock'}`);
  }
  const sold = receipts.filter((r) => r.ok).length * 2;
  console.log(`widgets sold: ${sold}, widgets left: ${inventory.count('widget')} (started with 3)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
