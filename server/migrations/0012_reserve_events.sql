-- A reservation of rate-limit events (Store.reserveEvents) in one call, so a sign-in's limit check is one round trip
-- instead of five (begin, locks, counts, insert, commit). Called outside any transaction, it runs in one of its own:
-- the locks are held until the new events are committed. The function is VOLATILE, so each statement in it reads a
-- fresh snapshot: the counts, taken after the locks, see every event another reservation committed before letting go.
CREATE FUNCTION portico_reserve_events(
	lock_seed bigint,
	new_keys text[],
	new_at timestamptz,
	window_keys text[],
	window_since timestamptz[],
	window_max int[]
) RETURNS json
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	granted boolean;
	counts int[];
	full_until_left timestamptz[];
	ids bigint[];
BEGIN
	-- One lock per key, taken in one order everywhere, so two reservations never wait for each other in a circle.
	PERFORM pg_advisory_xact_lock(hashtextextended(locked.key, lock_seed))
	FROM (SELECT DISTINCT w.key FROM unnest(window_keys) AS w(key) ORDER BY w.key) AS locked;
	-- Both read the (key, at) index from the newest end and stop at the window's limit.
	SELECT
		coalesce(array_agg(c.count ORDER BY c.i), '{}'),
		coalesce(array_agg(c.full_until_left ORDER BY c.i), '{}')
	INTO counts, full_until_left
	FROM (
		SELECT w.i,
			(SELECT count(*)::int FROM (SELECT 1 FROM rate_limit_events e WHERE e.key = w.key AND e.at > w.since LIMIT w.max) capped) AS count,
			(SELECT e.at FROM rate_limit_events e WHERE e.key = w.key AND e.at > w.since ORDER BY e.at DESC OFFSET w.max - 1 LIMIT 1) AS full_until_left
		FROM unnest(window_keys, window_since, window_max) WITH ORDINALITY AS w(key, since, max, i)
	) AS c;
	granted := NOT EXISTS (SELECT 1 FROM unnest(counts, window_max) AS w(count, max) WHERE w.count >= w.max);
	ids := '{}';
	IF granted AND cardinality(new_keys) > 0 THEN
		WITH inserted AS (
			INSERT INTO rate_limit_events (key, at) SELECT k.key, new_at FROM unnest(new_keys) WITH ORDINALITY AS k(key, n) ORDER BY k.n RETURNING id
		)
		SELECT array_agg(inserted.id ORDER BY inserted.id) INTO ids FROM inserted;
	END IF;
	-- JSON, which both drivers parse alike (drizzle leaves timestamp arrays unparsed on node-postgres).
	RETURN json_build_object('granted', granted, 'counts', counts, 'fullUntilLeft', full_until_left, 'ids', ids);
END
$$;
