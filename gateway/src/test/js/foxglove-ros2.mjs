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
import { check, foxgloveSession, run, until, within } from './steps.mjs';

const { FoxgloveClient } = wsProtocol;
const [url, nodeName] = process.argv.slice(2);

const client = new FoxgloveClient({ ws: new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) });
const { channels, services, errors, subscribe } = foxgloveSession(client, (c) => new MessageReader(parse(c.schema, { ros2: true })));

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
}

run(main, () => client.close());
