// Pricing rules. Every customer starts from the shop's defaults; VIPs get a discount on top.

export interface PricingRules {
  currency: string;
  discount: number;
  shipping: number;
}

export const DEFAULT_RULES: PricingRules = { currency: 'EUR', discount: 0, shipping: 4.5 };

export const PRICES: Record<string, number> = { widget: 12, gadget: 30 };

export function rulesFor(customer: { name: string; vip: boolean }): PricingRules {
  // BUG (alias): Object.assign writes into its first argument, so a VIP's discount is written into
  // DEFAULT_RULES itself — and every later customer gets it too. Time-travel to the write of
  // `discount` (Scope Timeline → Inspector → "Where did this come from?") to see who did it.
  const rules = customer.vip ? Object.assign(DEFAULT_RULES, { discount: 0.25 }) : DEFAULT_RULES;
  return rules;
}

export function priceOrder(items: Record<string, number>, rules: PricingRules): number {
  let subtotal = 0;
  for (const [item, quantity] of Object.entries(items)) {
    subtotal += PRICES[item] * quantity;
  }
  const total = subtotal * (1 - rules.discount) + rules.shipping;
  return Math.round(total * 100) / 100;
}
