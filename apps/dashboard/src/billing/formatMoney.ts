/** Cents (Stripe's smallest unit) as the owner reads them: "$9.50", "−$5.00". Zero-decimal currencies (JPY) are whole units. */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = new Intl.NumberFormat("en-US", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  const formatted = new Intl.NumberFormat("en-US", { style: "currency", currency: code }).format(Math.abs(amount) / 10 ** digits);
  return amount < 0 ? `−${formatted}` : formatted;
}
