-- Fills every ordinary table (and partition) of the public schema with generated rows, whatever
-- its columns: a value per type, partition keys inside the partition's bounds. Foreign keys and
-- triggers are off for the load (session_replication_role = replica), CHECKs still apply.
DO $gen$
DECLARE
  t record;
  c record;
  cols text;
  exprs text;
  n int;
  lower_bound text;
BEGIN
  SET LOCAL session_replication_role = replica;
  FOR t IN
    SELECT cl.oid, cl.relname, pg_get_expr(cl.relpartbound, cl.oid) AS bound
      FROM pg_class cl JOIN pg_namespace ns ON ns.oid = cl.relnamespace
     WHERE ns.nspname = 'public' AND cl.relkind = 'r'
     ORDER BY cl.relname
  LOOP
    n := 5 + (abs(hashtext(t.relname)) % 200);
    lower_bound := substring(t.bound FROM $re$FROM \('([^']+)'\)$re$);
    cols := '';
    exprs := '';
    FOR c IN
      SELECT a.attname, a.atttypid, format_type(a.atttypid, a.atttypmod) AS typ, a.atttypmod, a.attgenerated, ty.typtype, ty.typcategory,
             coalesce(bt.typname, ty.typname) AS base
        FROM pg_attribute a
        JOIN pg_type ty ON ty.oid = a.atttypid
        LEFT JOIN pg_type bt ON bt.oid = ty.typbasetype AND ty.typtype = 'd'
       WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum
    LOOP
      CONTINUE WHEN c.attgenerated <> '';
      cols := cols || ', ' || quote_ident(c.attname);
      exprs := exprs || ', ' || CASE
        WHEN c.typtype = 'e' THEN format('(SELECT enumlabel FROM pg_enum WHERE enumtypid = %s ORDER BY enumsortorder LIMIT 1)::%s', c.atttypid, c.typ)
        WHEN c.typcategory = 'A' THEN format('''{}''::%s', c.typ)
        WHEN c.typ = 'public.year' OR c.typ = 'year' THEN '2006'
        WHEN c.base IN ('int2', 'int4', 'int8') THEN format('i::%s', c.typ)
        WHEN c.base = 'numeric' THEN '(i % 100)::numeric / 10'
        WHEN c.base IN ('varchar', 'bpchar', 'text') THEN format('left(''v'' || i, %s)::%s', CASE WHEN c.atttypmod > 4 THEN c.atttypmod - 4 ELSE 100 END, c.typ)
        WHEN c.base IN ('timestamptz', 'timestamp', 'date') THEN format('%L::%s + (i %% 20) * interval ''1 hour''', coalesce(lower_bound, '2022-01-01 00:00:00+00'), c.typ)
        WHEN c.base = 'bool' THEN '(i % 2 = 0)'
        WHEN c.base = 'bytea' THEN $v$'\x00'::bytea$v$
        WHEN c.base = 'tsvector' THEN $v$to_tsvector('simple', 'v' || i)$v$
        ELSE 'NULL'
      END;
    END LOOP;
    EXECUTE format('INSERT INTO public.%I (%s) SELECT %s FROM generate_series(1, %s) i', t.relname, substr(cols, 3), substr(exprs, 3), n);
  END LOOP;
END
$gen$;
