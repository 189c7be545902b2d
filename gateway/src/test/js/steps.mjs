// What the interop scripts share: steps that print "ok <step>" when they pass and fail after a
// timeout, checks, polling, roslib's first matching message, and a Foxglove client session.

export const STEP_TIMEOUT_MS = 20000;

/** Resolves as `promise` does and prints "ok <step>"; rejects after STEP_TIMEOUT_MS. */
export function within(step, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step}: no answer within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer)).then((v) => {
    console.log(`ok ${step}`);
    return v;
  });
}

export function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

/** Resolves with the first truthy value of `predicate`, polled every 50 ms. */
export function until(predicate) {
  return new Promise((resolve) => {
    const poll = () => {
      const v = predicate();
      if (v) resolve(v); else setTimeout(poll, 50);
    };
    poll();
  });
}

/** The first message of a roslib subscription that `matching` accepts; then unsubscribes. */
export function firstMessage(ROSLIB, ros, name, type, options, matching) {
  return new Promise((resolve) => {
    const topic = new ROSLIB.Topic({ ros, name, messageType: type, ...options });
    const onMessage = (m) => {
      if (matching(m)) {
        topic.unsubscribe(onMessage);
        resolve(m);
      }
    };
    topic.subscribe(onMessage);
  });
}

/** A roslib connection to `url`, once open (step "connect"). */
export function connectRos(ROSLIB, url) {
  const ros = new ROSLIB.Ros({ url });
  return within('connect', new Promise((resolve, reject) => {
    ros.on('connection', () => resolve(ros));
    ros.on('error', (e) => reject(new Error(`connection failed: ${e?.message ?? e}`)));
  }));
}

/**
 * A @foxglove/ws-protocol client's view of the server: channels and services by name as they are
 * advertised, the error statuses, and `subscribe(channel, matching)` resolving with the first
 * decoded message `matching` accepts ({msg, timestamp}); `readerOf(channel)` decodes.
 */
export function foxgloveSession(client, readerOf) {
  const channels = new Map();
  const services = new Map();
  const errors = [];
  const handlers = new Map();
  client.on('advertise', (list) => list.forEach((c) => channels.set(c.topic, c)));
  client.on('unadvertise', (ids) => ids.forEach((id) => {
    for (const [topic, c] of channels) if (c.id === id) channels.delete(topic);
  }));
  client.on('advertiseServices', (list) => list.forEach((s) => services.set(s.name, s)));
  client.on('status', (s) => {
    console.log(`status ${s.level}: ${s.message}`);
    if (s.level === 2) errors.push(s.message);
  });
  client.on('error', (e) => console.log(`error: ${e}`));
  client.on('message', (m) => handlers.get(m.subscriptionId)?.(m));

  function subscribe(channel, matching) {
    const reader = readerOf(channel);
    return new Promise((resolve) => {
      const id = client.subscribe(channel.id);
      handlers.set(id, (m) => {
        const msg = reader.readMessage(m.data);
        if (matching(msg)) {
          handlers.delete(id);
          client.unsubscribe(id);
          resolve({ msg, timestamp: m.timestamp });
        }
      });
    });
  }
  return { channels, services, errors, subscribe };
}

/** Runs `main`, prints "all passed" and exits 0, or prints why and exits 1; `close` ends the connection. */
export function run(main, close) {
  main().then(() => {
    console.log('all passed');
    close();
    process.exit(0);
  }, (e) => {
    console.log(`FAILED: ${e.message}`);
    close();
    process.exit(1);
  });
}
