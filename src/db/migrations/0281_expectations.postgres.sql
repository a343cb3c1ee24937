-- wolfix_expect(ok, what): true, or fails the statement (and so its transaction) with SQLSTATE
-- WX001 (db::ExpectationFailed) when ok is not true. A transaction written on remembered facts
-- (a cash order sent in one round trip, order/service.cpp) checks them with it in the same
-- round trip: a fact that changed rolls everything back and the order is placed the careful way.
CREATE OR REPLACE FUNCTION wolfix_expect(ok boolean, what text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION 'expectation failed: %', what USING ERRCODE = 'WX001';
  END IF;
  RETURN true;
END
$$;
