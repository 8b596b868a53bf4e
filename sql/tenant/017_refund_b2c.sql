-- An M-Pesa refund paid back by B2C (from the tenant's B2C shortcode to the customer's phone),
-- where the tenant has a B2C shortcode and initiator credentials; a reversal otherwise.
ALTER TABLE {{schema}}.refunds DROP CONSTRAINT refunds_method_check;
ALTER TABLE {{schema}}.refunds ADD CONSTRAINT refunds_method_check
  CHECK (method IN ('reversal', 'b2c', 'pesapal', 'manual'));
