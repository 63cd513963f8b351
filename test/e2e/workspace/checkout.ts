async function chargeCard(amount: number): Promise<string> {
  return `charged ${amount}`;
}

export function checkout(total: number): void {
  chargeCard(total);
  console.log('order placed');
}
