/** Payments in the booking domain: policy, the provider seam, holds, requests and refunds. */
export * from './payment-policy';
export * from './payment-provider';
export * from './hold-repo';
export * from './payment-repo';
export * from './refund-repo';
export * from './payment-terms';
export * from './reaper-repo';
export * from './reaper-schedule';
export * from './booking-payments';
export * from './settings-values';
