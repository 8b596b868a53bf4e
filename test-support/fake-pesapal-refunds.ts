/**
 * The fake PesaPal's refunds: RefundRequest (once per payment, never more than was paid, the
 * documented fields), then the merchant's approval (the order reads REVERSED) or rejection (it
 * stays COMPLETED and PesaPal says nothing), driven by the test.
 */
import type { Reply } from '../adapters/whatsapp/testing/recording-server';

/** What the desk needs of the fake's orders. */
interface FakeOrder {
  trackingId: string;
  amount: number;
  statusCode: 0 | 1 | 2 | 3;
  confirmationCode: string;
  refund?: 'requested' | 'rejected' | undefined;
}

type Refused = (code: string, message: string) => Reply;

export function fakeRefundDesk(orders: readonly FakeOrder[], refused: Refused) {
  const requests: Record<string, unknown>[] = [];
  let refuse = 0;
  return {
    requests,
    /** Refuse the next refund requests (`status: "500"` with PesaPal's error object). */
    refuse(count: number) {
      refuse += count;
    },
    request(b: Record<string, unknown>): Reply {
      requests.push(b);
      if (refuse > 0) {
        refuse--;
        return refused('refund_rejected', 'Refund request failed');
      }
      const o = orders.find(
        (x) => x.confirmationCode !== '' && x.confirmationCode === b.confirmation_code,
      );
      const amount = Number(b.amount);
      if (!o || o.statusCode !== 1)
        return refused('invalid_confirmation_code', 'Payment not found or not completed');
      if (o.refund === 'requested')
        return refused('duplicate_refund', 'A refund request for this payment is pending');
      if (!(amount > 0) || amount > o.amount)
        return refused('invalid_amount', 'Amount exceeds the payment');
      if (typeof b.username !== 'string' || !b.username || typeof b.remarks !== 'string')
        return refused('missing_fields', 'username and remarks are required');
      o.refund = 'requested';
      return { status: 200, json: { status: '200', message: 'Refund request successfully' } };
    },
    approve(o: FakeOrder) {
      if (o.refund !== 'requested')
        throw new Error(`fake pesapal: no refund asked for ${o.trackingId}`);
      o.statusCode = 3;
      o.refund = undefined;
    },
    reject(o: FakeOrder) {
      if (o.refund !== 'requested')
        throw new Error(`fake pesapal: no refund asked for ${o.trackingId}`);
      o.refund = 'rejected';
    },
  };
}
