import Fastify from 'fastify';
import { importJWK, jwtVerify, type JWK } from 'jose';
import { Pool } from 'pg';

/**
 * The reads bench's yardstick, run as its own process beside the API (`node
 * dist/test/bench/bare-read-server.js`): a bare Fastify + pg server doing
 * what an audited problem read and a list page need and nothing more (the
 * same ES256 token check, one tenant transaction with the read and, for the
 * record, an audit INSERT). Configured by environment: BARE_PORT,
 * BARE_DATABASE_URL (the application role), BARE_POOL_SIZE, BARE_JWK (the
 * API's public signing key as JSON) and BARE_PARTNERSHIPS (JSON: code to id).
 * Prints "bare listening" when ready.
 */

/** The problem record as one statement (the problem and its children). */
const RECORD_SQL = `SELECT to_jsonb(p) - 'search' AS problem,
  (SELECT coalesce(json_agg(json_build_object('code', l.code, 'label', l.label, 'lat', l.lat, 'lng', l.lng) ORDER BY l.position), '[]'::json)
     FROM problem_locations l WHERE l.problem_id = p.id) AS locations,
  (SELECT row_to_json(a) FROM problem_analyses a WHERE a.problem_id = p.id) AS analysis,
  (SELECT coalesce(json_agg(r ORDER BY r.created_at, r.id), '[]'::json) FROM problem_responses r WHERE r.problem_id = p.id) AS responses,
  (SELECT row_to_json(e) FROM problem_evaluations e WHERE e.problem_id = p.id) AS evaluation
  FROM problems p WHERE p.id = $1 AND p.partnership_id = $2`;

const LIST_SQL = `SELECT to_jsonb(p) - 'search' AS problem,
  (SELECT coalesce(json_agg(json_build_object('code', l.code, 'label', l.label) ORDER BY l.position), '[]'::json) FROM problem_locations l WHERE l.problem_id = p.id) AS locations
  FROM problems p WHERE p.partnership_id = $1 ORDER BY p.number DESC LIMIT 51`;

const AUDIT_SQL = `INSERT INTO bench_audit (id, partnership_id, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, request_id, details)
  VALUES (gen_random_uuid(), $1, nextval('bench_audit_seq'), now(), 'user', $2, 'problem.read', 'problem', $3, $4, '{}')`;

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const publicKey = await importJWK(JSON.parse(env('BARE_JWK')) as JWK, 'ES256');
  const partnerships = new Map(Object.entries(JSON.parse(env('BARE_PARTNERSHIPS')) as Record<string, string>));
  const pool = new Pool({ connectionString: env('BARE_DATABASE_URL'), max: Number(process.env.BARE_POOL_SIZE ?? 10) });
  const server = Fastify({ logger: false });

  /** The caller's subject, or a 401 (the same check as the API's: ES256, signature and expiry). */
  const subjectOf = async (authorization: string | undefined): Promise<string> => {
    const { payload } = await jwtVerify((authorization ?? '').replace(/^Bearer /, ''), publicKey, { algorithms: ['ES256'] });
    return String(payload.sub);
  };

  /** `work` in one tenant transaction. */
  const inTenant = async <T>(pid: string, sub: string, work: (query: (sql: string, values: unknown[]) => Promise<unknown[]>) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.partnership_id', $1, true), set_config('app.user_id', $2, true)`, [pid, sub]);
      const result = await work(async (sql, values) => (await client.query(sql, values)).rows);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  };

  server.get<{ Params: { code: string; id: string } }>('/bare/:code/problems/:id', async (request, reply) => {
    const sub = await subjectOf(request.headers.authorization);
    const pid = partnerships.get(request.params.code);
    if (!pid) return reply.code(404).send({ title: 'Not found' });
    const rows = await inTenant(pid, sub, async (query) => {
      const found = await query(RECORD_SQL, [request.params.id, pid]);
      await query(AUDIT_SQL, [pid, sub, request.params.id, String(request.id)]);
      return found;
    });
    if (!rows.length) return reply.code(404).send({ title: 'Not found' });
    return rows[0];
  });

  server.get<{ Params: { code: string } }>('/bare/:code/problems', async (request, reply) => {
    const sub = await subjectOf(request.headers.authorization);
    const pid = partnerships.get(request.params.code);
    if (!pid) return reply.code(404).send({ title: 'Not found' });
    const rows = await inTenant(pid, sub, (query) => query(LIST_SQL, [pid]));
    return { items: rows.slice(0, 50) };
  });

  await server.listen({ port: Number(env('BARE_PORT')), host: '127.0.0.1' });
  process.stdout.write('bare listening\n');
  const stop = () => void server.close().then(() => pool.end().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
