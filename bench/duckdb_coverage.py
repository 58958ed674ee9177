"""The coverage-gap query an analyst would write, in DuckDB, side by side with gapwatch.

  python bench/duckdb_coverage.py EVENTS.jsonl STORE.sqlite GAPWATCH AS_OF [RUNS]

DuckDB loads the events (timed apart), then computes the coverage gaps (a need with no one
holding its scope for longer than 4 hours) with window functions over holding and need changes.
gapwatch evaluates *all twelve* default rules from its store and writes its findings to a file.
Each side runs RUNS times (3 by default), alternating, and the medians are reported. The script checks that both find exactly
the same coverage gaps, and prints one JSON line with the timings.
"""
import json
import statistics
import subprocess
import sys
import tempfile
import time

import duckdb

QUERY = """
WITH
retracted AS (SELECT json_extract_string(data, '$.target') AS id FROM ev WHERE type = 'event.retracted'),
known AS (SELECT * FROM ev WHERE person IS NOT NULL AND t <= CAST($as_of AS TIMESTAMPTZ) AND id NOT IN (SELECT id FROM retracted WHERE id IS NOT NULL)),
death AS (SELECT person, min(t) AS died FROM known WHERE type = 'person.deceased' GROUP BY person),
e AS (SELECT k.* FROM known k LEFT JOIN death d USING (person) WHERE d.died IS NULL OR k.t <= d.died),
handover AS (SELECT id, actor AS initiator, json_extract_string(data, '$.scope') AS scope FROM e WHERE type = 'handover.initiated'),
-- Changes of holding, per (person, scope, actor): 1 takes it, 0 lets go. An accepted handover
-- releases the initiator, then gives the scope to the acceptor.
change AS (
    SELECT person, json_extract_string(data, '$.scope') AS scope, actor, t, seq, 1 AS held FROM e WHERE type = 'responsibility.assumed'
    UNION ALL SELECT person, json_extract_string(data, '$.scope'), actor, t, seq, 0 FROM e WHERE type = 'responsibility.released'
    UNION ALL SELECT person, 'inpatient', actor, t, seq, 1 FROM e WHERE type = 'admission'
    UNION ALL SELECT person, 'inpatient', actor, t, seq, 0 FROM e WHERE type = 'discharge'
    UNION ALL SELECT a.person, h.scope, h.initiator, a.t, a.seq, 0 FROM e a JOIN handover h ON h.id = json_extract_string(a.data, '$.handover') WHERE a.type = 'handover.accepted'
    UNION ALL SELECT a.person, h.scope, a.actor, a.t, a.seq + 0.5, 1 FROM e a JOIN handover h ON h.id = json_extract_string(a.data, '$.handover') WHERE a.type = 'handover.accepted'
),
-- The state each actor is left in t each instant (all events of an instant together), and
-- from it +1/-1 when the number of holders changes.
held_at AS (SELECT person, scope, actor, t, arg_max(held, seq) AS held FROM change GROUP BY ALL),
holder_delta AS (
    SELECT person, scope, t, held - coalesce(lag(held) OVER (PARTITION BY person, scope, actor ORDER BY t), 0) AS delta FROM held_at
),
need_change AS (
    SELECT person, json_extract_string(data, '$.scope') AS scope, t, seq, 1 AS open FROM e WHERE type = 'need.identified'
    UNION ALL SELECT person, json_extract_string(data, '$.scope'), t, seq, 0 FROM e WHERE type = 'need.resolved'
    UNION ALL SELECT person, unnest(json_extract_string(data, '$.needs[*]')), t, seq, 1 FROM e
        WHERE type = 'assessment' AND json_type(data, '$.needs') = 'ARRAY'
),
need_at AS (SELECT person, scope, t, arg_max(open, seq) AS open FROM need_change GROUP BY ALL),
instant AS (
    SELECT person, scope, t, sum(delta) AS delta, NULL::INTEGER AS open FROM holder_delta GROUP BY ALL
    UNION ALL SELECT person, scope, t, 0, open FROM need_at
    UNION ALL SELECT s.person, s.scope, d.died, 0, 0 FROM (SELECT DISTINCT person, scope FROM need_at) s JOIN death d USING (person)
),
merged AS (SELECT person, scope, t, sum(delta) AS delta, min(open) AS open FROM instant GROUP BY ALL),
state AS (
    SELECT person, scope, t,
        sum(delta) OVER w AS holders,
        last_value(open IGNORE NULLS) OVER w AS need_open
    FROM merged WINDOW w AS (PARTITION BY person, scope ORDER BY t ROWS UNBOUNDED PRECEDING)
),
uncovered AS (SELECT person, scope, t, coalesce(need_open, 0) = 1 AND holders = 0 AS gap FROM state),
edge AS (
    SELECT person, scope, t, gap FROM (
        SELECT *, lag(gap, 1, false) OVER (PARTITION BY person, scope ORDER BY t) AS before FROM uncovered
    ) WHERE gap <> before
),
interval AS (SELECT person, scope, t AS start, lead(t) OVER (PARTITION BY person, scope ORDER BY t) AS stop, gap FROM edge)
SELECT person, scope, strftime(start, '%Y-%m-%dT%H:%M:%SZ'), strftime(stop, '%Y-%m-%dT%H:%M:%SZ') FROM interval
WHERE gap AND coalesce(stop, CAST($as_of AS TIMESTAMPTZ)) - start > INTERVAL 4 HOUR
ORDER BY person, start, scope
"""


def main(events, store, gapwatch, as_of, runs="3"):
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    started = time.perf_counter()
    con.execute(f"""
        CREATE TABLE ev AS SELECT row_number() OVER () AS seq, id, type, person, "at"::TIMESTAMPTZ AS t, actor, data
        FROM read_json('{events}', format = 'newline_delimited',
            columns = {{id: 'VARCHAR', type: 'VARCHAR', person: 'VARCHAR', "at": 'VARCHAR', actor: 'VARCHAR', data: 'JSON'}})
    """)
    load = time.perf_counter() - started
    queries, scans = [], []
    for _ in range(int(runs)):
        started = time.perf_counter()
        duck = con.execute(QUERY, {"as_of": as_of}).fetchall()
        queries.append(time.perf_counter() - started)
        # gapwatch writes its findings to a file, as a nightly job would; reading them back
        # for the check below is not part of its work (decoding 110 MB of output into a
        # Python string took 0.3 s at 11M).
        with tempfile.TemporaryFile() as output:
            started = time.perf_counter()
            subprocess.run([gapwatch, "gaps", "--db", store, "--as-of", as_of, "--status", "all", "--format", "json"],
                           check=True, stdout=output)
            scans.append(time.perf_counter() - started)
            output.seek(0)
            out = output.read().decode()
    duck_gaps = set(duck)
    findings = [json.loads(line) for line in out.splitlines()]
    ours = {(f["person"], f["scope"], f["start"], f["end"]) for f in findings if f["rule"] == "need-uncovered"}
    print(json.dumps({
        "events": con.execute("SELECT count(*) FROM ev").fetchone()[0],
        "duckdb_load_s": round(load, 2), "duckdb_coverage_query_s": round(statistics.median(queries), 2),
        "gapwatch_all_rules_s": round(statistics.median(scans), 2), "gapwatch_findings": len(findings),
        "duckdb_runs_s": [round(q, 2) for q in queries], "gapwatch_runs_s": [round(s, 2) for s in scans],
        "coverage_gaps_duckdb": len(duck_gaps), "coverage_gaps_gapwatch": len(ours),
        "same_gaps": duck_gaps == ours,
        "only_duckdb": sorted(map(list, duck_gaps - ours))[:5], "only_gapwatch": sorted(map(list, ours - duck_gaps))[:5],
    }))


if __name__ == "__main__":
    main(*sys.argv[1:6])
