// @foxglove/ws-protocol's client (from npm) against the Pyros gateway, decoding and encoding with the
// advertised ros1msg schemas (@foxglove/rosmsg + @foxglove/rosmsg-serialization).
// Usage: node foxglove-interop.mjs ws://127.0.0.1:PORT
// Prints "ok <step>" per passed step and "all passed", exits 0; 1 with the reason otherwise.
import wsProtocol from '@foxglove/ws-protocol';
import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg-serialization';
import WebSocket from 'ws';
import { check, foxgloveSession, run, until, within } from './steps.mjs';

const { FoxgloveClient } = wsProtocol;
const url = process.argv[2];

const client = new FoxgloveClient({ ws: new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]) });
const { channels, services, errors, subscribe } = foxgloveSession(client, (c) => new MessageReader(parse(c.schema)));

async function main() {
  const info = await within('serverInfo', new Promise((resolve) => client.on('serverInfo', resolve)));
  check(info.capabilities.includes('clientPublish') && info.capabilities.includes('services'), `capabilities ${info.capabilities}`);
  check(info.supportedEncodings.includes('ros1'), `supportedEncodings ${info.supportedEncodings}`);

  const chatter = await within('advertise /chatter', until(() => channels.get('/chatter')));
  check(chatter.encoding === 'ros1' && chatter.schemaEncoding === 'ros1msg', `encoding ${chatter.encoding}/${chatter.schemaEncoding}`);
  check(chatter.schemaName === 'std_msgs/String' && /string data/.test(chatter.schema), `schema ${chatter.schemaName}: ${chatter.schema}`);
  const { msg, timestamp } = await within('subscribe /chatter', subscribe(chatter, (m) => /^hello \d+$/.test(m.data)));
  const nowNs = BigInt(Date.now()) * 1000000n;
  check(timestamp > nowNs - 60000000000n && timestamp <= nowNs + 1000000000n, `receive timestamp ${timestamp}`);
  console.log(`rospy said ${msg.data}`);

  // Publish to rospy, which echoes on /echo what arrives on /from_browser.
  const echo = await within('advertise /echo', until(() => channels.get('/echo')));
  const pubId = client.advertise({ topic: '/from_browser', encoding: 'ros1', schemaName: 'std_msgs/String' });
  const writer = new MessageWriter(parse('string data'));
  const echoed = subscribe(echo, (m) => m.data === 'echo: hi from foxglove');
  // The first messages may go before rospy's subscriber is connected: say it until rospy echoes it.
  const sender = setInterval(() => client.sendMessage(pubId, writer.writeMessage({ data: 'hi from foxglove' })), 100);
  await within('publish to rospy', echoed).finally(() => clearInterval(sender));
  client.unadvertise(pubId);

  const setFlag = await within('advertiseServices /set_flag', until(() => services.get('/set_flag')));
  check(setFlag.type === 'std_srvs/SetBool' && setFlag.request.schemaEncoding === 'ros1msg', `service ${JSON.stringify(setFlag)}`);
  const request = new MessageWriter(parse(setFlag.request.schema)).writeMessage({ data: true });
  const responseReader = new MessageReader(parse(setFlag.response.schema));
  const response = await within('call /set_flag', new Promise((resolve, reject) => {
    client.on('serviceCallResponse', (r) => r.callId === 7 && resolve(responseReader.readMessage(r.data)));
    client.on('serviceCallFailure', (f) => f.callId === 7 && reject(new Error(`call failed: ${f.message}`)));
    client.sendServiceCallRequest({ serviceId: setFlag.id, callId: 7, encoding: 'ros1', data: request });
  }));
  check(response.success === true && response.message === 'flag is True', `response ${JSON.stringify(response)}`);

  const values = (id) => new Promise((resolve) => client.on('parameterValues', (p) => p.id === id && resolve(p.parameters)));
  const set = values('set-1');
  client.setParameters([{ name: '/foxglove_test/gain', value: 2.5 }], 'set-1');
  const afterSet = await within('setParameters', set);
  check(afterSet.length === 1 && afterSet[0].value === 2.5, `after set ${JSON.stringify(afterSet)}`);
  const get = values('get-1');
  client.getParameters(['/foxglove_test/gain'], 'get-1');
  const got = await within('getParameters', get);
  check(got.length === 1 && got[0].name === '/foxglove_test/gain' && got[0].value === 2.5, `get ${JSON.stringify(got)}`);

  // The connection graph names the rospy node behind its topics and service.
  check(info.capabilities.includes('connectionGraph'), `capabilities ${info.capabilities}`);
  const graph = { published: new Map(), provided: new Map() };
  client.on('connectionGraphUpdate', (u) => {
    u.publishedTopics.forEach((t) => graph.published.set(t.name, t.publisherIds));
    u.advertisedServices.forEach((s) => graph.provided.set(s.name, s.providerIds));
  });
  client.subscribeConnectionGraph();
  await within('connection graph', until(() => graph.published.get('/chatter')?.includes('/gateway_peer')
    && graph.provided.get('/set_flag')?.includes('/gateway_peer')));
  client.unsubscribeConnectionGraph();

  check(errors.length === 0, `status errors: ${errors.join('; ')}`);
}

run(main, () => client.close());
