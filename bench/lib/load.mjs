import autocannon from 'autocannon';

/**
 * POSTs the same signed body over `connections` keep-alive connections for `seconds` (and at
 * most `maxRequests`), or exactly `amount` times, each request with its own delivery id. Counts
 * answers by status.
 */
export async function postWebhooks({
  url,
  path,
  body,
  signature,
  idPrefix,
  connections = 50,
  seconds = 10,
  maxRequests = 500_000,
  amount,
}) {
  let n = 0;
  const statuses = {};
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    maxOverallRequests: maxRequests,
    amount,
    requests: [
      {
        method: 'POST',
        path,
        body,
        headers: { 'content-type': 'application/json', 'x-agented-signature': signature },
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, 'x-agented-delivery': `${idPrefix}-${++n}` },
        }),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  const accepted = statuses[202] ?? 0;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    acceptedPerSecond: accepted / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    accepted,
    rejected: answered - accepted + result.errors + result.timeouts,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  };
}
