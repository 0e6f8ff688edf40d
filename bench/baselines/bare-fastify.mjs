// The B1 baseline: a bare Fastify server (no Nest) doing a webhook's work with the same statement
// and queue call as Agented: raw body, HMAC check, one INSERT transaction, one BullMQ add.
// BARE_MODE=noop answers 202 at once: the ceiling of Fastify on this machine.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import Redis from 'ioredis';
import pg from 'pg';

const { BARE_MODE, PORT, DATABASE_URL, REDIS_URL, REDIS_PREFIX, SECRET, TRIGGER_ID, BOT_ID } = process.env;

const app = Fastify({ bodyLimit: 1024 * 1024 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

if (BARE_MODE === 'noop') {
  app.post('/hooks/:token', async (_req, reply) => reply.code(202).send({}));
} else {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
  const queue = new Queue('executions', {
    connection: new Redis(REDIS_URL, { maxRetriesPerRequest: 1 }),
    prefix: `${REDIS_PREFIX}bull`,
  });
  const FORMAT = /^sha256=([0-9a-fA-F]{64})$/;
  app.post('/hooks/:token', async (req, reply) => {
    const match = FORMAT.exec(String(req.headers['x-agented-signature'] ?? ''));
    const expected = createHmac('sha256', SECRET).update(req.body).digest();
    if (!match || !timingSafeEqual(expected, Buffer.from(match[1], 'hex'))) return reply.code(401).send({});
    const payload = req.body.toString('utf8');
    JSON.parse(payload);
    const externalId = String(req.headers['x-agented-delivery']);
    const { rows } = await pool.query(
      `with d as (
         insert into deliveries (source, trigger_id, external_id, dedup_key, event, headers, payload)
         values ('webhook', $1::uuid, $2, $3, null, $4::jsonb, $5::jsonb)
         on conflict (dedup_key) do nothing
         returning id, event, payload
       ), e as (
         insert into executions (bot_id, trigger_id, trigger_type, delivery_id, input)
         select $6::uuid, $1::uuid, 'webhook', d.id,
                jsonb_build_object('payload', d.payload, 'event', d.event, 'deliveryId', d.id)
         from d
         returning id
       )
       select d.id as delivery_id, array(select e.id from e) as execution_ids from d`,
      [
        TRIGGER_ID,
        externalId,
        `bare:${TRIGGER_ID}:${externalId}`,
        JSON.stringify(req.headers),
        payload,
        BOT_ID,
      ],
    );
    const [{ delivery_id: deliveryId, execution_ids: executionIds }] = rows;
    await queue.add(
      'execution.run',
      { executionId: executionIds[0] },
      { jobId: executionIds[0], removeOnComplete: true },
    );
    return reply.code(202).send({ deliveryId, executionIds });
  });
}

await app.listen({ port: Number(PORT), host: '127.0.0.1' });
console.log('bare server listening');
process.once('SIGTERM', () => process.exit(0));
