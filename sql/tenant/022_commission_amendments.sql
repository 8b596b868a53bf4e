-- Amending a closed commission period from WhatsApp (issue 12): the same correction (same
-- period, same amount, same note) is recorded once, however often it is sent or re-delivered.
CREATE UNIQUE INDEX commission_periods_amendment_once
  ON {{schema}}.commission_periods (amendment_of_id, (detail ->> 'delta_kes_minor'), reason)
  WHERE kind = 'amendment';
