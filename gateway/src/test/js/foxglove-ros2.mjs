// @foxglove/ws-protocol's client (from npm) against the Pyros gateway of a node on a ROS 2 domain
// with Cyclone DDS peers (a talker on /chatter, an echo from /from_foxglove to /echo, an AddTwoInts
// server on /add_two_ints), decoding and encoding CDR with the advertised ros2msg schemas
// (@foxglove/rosmsg + @foxglove/rosmsg2-serialization).
// Usage: node foxglove-ros2.mjs ws://127.0.0.1:PORT NODE_NAME
// Prints "ok <step>" per passed step and "all passed", exits 0; 1 with the reason otherwise.
import wsProtocol from '@foxglove/ws-protocol';
import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';
import WebSocket from 'ws';

const { FoxgloveClient } = wsProtocol;
const [url, nodeName] = process.argv.slice(2);
const STEP_TIMEOUT_MS = 20000;

function within(step, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step}: nothing within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer)).then((v) => {
    console.log(`ok ${step}`);
    return v;
  });
}

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

const client = new FoxgloveClient({ ws: new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) });
const channels = new Map();
const services = new Map();
const waiters = [];
const errors = [];
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
const handlers = new Map();
client.on('message', (m) => handlers.get(m.subscriptionId)?.(m));

function until(predicate) {
  return new Promise((resolve) => {
    const poll = () => {
      const v = predicate();
      if (v) resolve(v); else setTimeout(poll, 50);
    };
    poll();
  });
}

function subscribe(channel, matching) {
  const reader = new MessageReader(parse(channel.schema, { ros2: true }));
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

async function main() {
  const info = await within('serverInfo', new Promise((resolve) => client.on('serverInfo', resolve)));
  check(info.supportedEncodings.includes('cdr'), `supportedEncodings ${info.supportedEncodings}`);

  const chatter = await within('advertise /chatter', until(() => channels.get('/chatter')));
  check(chatter.encoding === 'cdr' && chatter.schemaEncoding === 'ros2msg', `encoding ${chatter.encoding}/${chatter.schemaEncoding}`);
  check(chatter.schemaName === 'std_msgs/msg/String', `schema name ${chatter.schemaName}`);
  const heard = await within('subscribe /chatter', subscribe(chatter, () => true));
  check(/^hello \d+$/.test(heard.msg.data), `message ${JSON.stringify(heard.msg)}`);

  // Publish to the Cyclone echo peer until it returns it: discovery takes a moment.
  const echo = await within('advertise /echo', until(() => channels.get('/echo')));
  const pubId = client.advertise({ topic: '/from_foxglove', encoding: 'cdr', schemaName: 'std_msgs/msg/String' });
  const writer = new MessageWriter(parse('string data', { ros2: true }));
  const echoed = subscribe(echo, (m) => m.data === 'hi from foxglove');
  const sender = setInterval(() => client.sendMessage(pubId, writer.writeMessage({ data: 'hi from foxglove' })), 100);
  await within('publish to cyclone', echoed).finally(() => clearInterval(sender));
  client.unadvertise(pubId);

  const add = await within('advertiseServices /add_two_ints', until(() => services.get('/add_two_ints')));
  check(add.type === 'example_interfaces/srv/AddTwoInts' && add.request.encoding === 'cdr'
    && add.request.schemaEncoding === 'ros2msg', `service ${JSON.stringify(add)}`);
  const request = new MessageWriter(parse(add.request.schema, { ros2: true })).writeMessage({ a: 1n, b: 1000003n });
  const responseReader = new MessageReader(parse(add.response.schema, { ros2: true }));
  const response = await within('call /add_two_ints', new Promise((resolve, reject) => {
    client.on('serviceCallResponse', (r) => r.callId === 3 && resolve(responseReader.readMessage(r.data)));
    client.on('serviceCallFailure', (f) => f.callId === 3 && reject(new Error(`call failed: ${f.message}`)));
    client.sendServiceCallRequest({ serviceId: add.id, callId: 3, encoding: 'cdr', data: request });
  }));
  check(BigInt(response.sum) === 1000004n, `response ${JSON.stringify(response, (k, v) => typeof v === 'bigint' ? String(v) : v)}`);

  // A parameter of the Pyros node itself: ROS 2 parameters belong to nodes.
  const name = `${nodeName}/gain`;
  const values = (id) => new Promise((resolve) => client.on('parameterValues', (p) => p.id === id && resolve(p.parameters)));
  const set = values('set-1');
  client.setParameters([{ name, value: 2.5 }], 'set-1');
  const afterSet = await within('setParameters', set);
  check(afterSet.length === 1 && afterSet[0].value === 2.5, `after set ${JSON.stringify(afterSet)}`);
  const get = values('get-1');
  client.getParameters([name], 'get-1');
  const got = await within('getParameters', get);
  check(got.length === 1 && got[0].name === name && got[0].value === 2.5, `get ${JSON.stringify(got)}`);

  check(errors.length === 0, `status errors: ${errors.join('; ')}`);
  console.log('all passed');
}

main().then(() => {
  client.close();
  process.exit(0);
}, (e) => {
  console.log(`FAILED: ${e.message}`);
  client.close();
  process.exit(1);
});
