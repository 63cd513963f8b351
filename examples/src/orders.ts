import { readFileSync } from 'node:fs';

export interface Order {
  id: string;
  customerId: string;
  total: number;
}

async function saveOrder(order: Order): Promise<void> {
  await fetch(`https://orders.example.com/orders/${order.id}`, { method: 'PUT', body: JSON.stringify(order) });
}

async function sendReceipt(order: Order): Promise<void> {
  await fetch('https://mail.example.com/receipts', { method: 'POST', body: order.id });
}

export async function placeOrder(order: Order): Promise<void> {
  await saveOrder(order);
  // The receipt is "fire and forget": if the mail service is down, nobody ever finds out.
  sendReceipt(order);
}

export function onCheckoutClicked(order: Order): void {
  saveOrder(order).then(() => console.log('saved'));
}

export async function importOrders(path: string): Promise<Order[]> {
  const orders = JSON.parse(readFileSync(path, 'utf8')) as Order[];
  return orders;
}
