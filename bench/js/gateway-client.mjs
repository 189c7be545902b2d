// Subscribing clients of the bench's gateway section: N real clients in this one Node.js process,
// roslibjs (rosbridge v2, JSON or CBOR) or @foxglove/ws-protocol (Foxglove WebSocket), all on one topic.
//
//   node gateway-client.mjs URL rosbridge|foxglove none|cbor TOPIC TYPE mono|image CLIENTS WARMUP_S MEASURE_S
//
// mono: std_msgs/String 'hello I t=NS', NS the publisher's CLOCK_MONOTONIC; each message's latency is
// process.hrtime.bigint() (CLOCK_MONOTONIC on Linux) minus NS. image: sensor_msgs/Image, only counted
// (and its size checked). Prints READY once every client has a message, then waits for GO on stdin,
// lets WARMUP_S pass, counts for MEASURE_S and prints per client
//   CLIENT i msgs=N secs=S rate=R bad=B
// (closed=true: the gateway ended the connection), then LAT followed by every latency sample of all clients in µs (comma-separated; mono only) and DONE.
import * as ROSLIB from 'roslib';
import wsProtocol from '@foxglove/ws-protocol';
import WebSocket from 'ws';
import readline from 'node:readline';

const { FoxgloveClient } = wsProtocol;
const [url, protocol, compression, topic, type, kind, clientsArg, warmupArg, measureArg] = process.argv.slice(2);
const clients = Number(clientsArg);
const warmupMs = Number(warmupArg) * 1000;
const measureMs = Number(measureArg) * 1000;
const IMAGE_BYTES = 1024 * 1024;
const MAX_SAMPLES = 2_000_000; // bounded: a full run at 500 Hz takes a few thousand

let measuring = false;
let closing = false;
const latencies = [];
const stats = Array.from({ length: clients }, () => ({ total: 0, msgs: 0, bad: 0, closed: false }));

function fail(why) {
  if (closing) {
    return; // the connections this process closes itself
  }
  console.log(`ERROR ${why}`);
  process.exit(1);
}

/** One received message: its stamp (mono) or its payload size (image) is checked, and counted. */
function received(i, stampText, imageBytes) {
  const s = stats[i];
  s.total++;
  const now = process.hrtime.bigint();
  if (!measuring) {
    return;
  }
  s.msgs++;
  if (kind === 'mono') {
    const at = stampText === undefined ? -1 : stampText.lastIndexOf('t=');
    if (at < 0) {
      s.bad++;
    } else if (latencies.length < MAX_SAMPLES) {
      latencies.push(Number((now - BigInt(stampText.slice(at + 2))) / 1000n));
    }
  } else if (imageBytes !== IMAGE_BYTES) {
    s.bad++;
  }
}

/** Bytes of a uint8[] as rosbridge delivers it: a byte string in CBOR, base64 text in JSON (not decoded here). */
function byteLength(data) {
  if (typeof data !== 'string') {
    return data?.length;
  }
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

/** The gateway ended the connection (it cuts off a client whose queue is over its byte limit). */
function closedByServer(i, code, reason) {
  if (!closing && !stats[i].closed) {
    stats[i].closed = true;
    console.error(`client ${i}: connection closed by the gateway${code ? ` (${code} ${reason})` : ''}`);
  }
}

function rosbridgeClient(i) {
  const ros = new ROSLIB.Ros({ url });
  ros.on('error', (e) => fail(`client ${i}: ${e?.message ?? e}`));
  ros.on('close', () => closedByServer(i));
  ros.on('connection', () => {
    const t = new ROSLIB.Topic({ ros, name: topic, messageType: type, compression });
    t.subscribe((m) => received(i, m.data, kind === 'image' ? byteLength(m.data) : undefined));
  });
  return () => ros.close();
}

const utf8 = new TextDecoder();

function foxgloveClient(i) {
  const ws = new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]);
  const client = new FoxgloveClient({ ws });
  let subscribed = false;
  client.on('error', (e) => fail(`client ${i}: ${e?.message ?? e}`));
  ws.on('close', (code, reason) => closedByServer(i, code, reason));
  client.on('advertise', (channels) => {
    const channel = channels.find((c) => c.topic === topic);
    if (channel && !subscribed) {
      subscribed = true;
      client.subscribe(channel.id);
    }
  });
  client.on('message', ({ data }) => {
    if (kind === 'mono') {
      // ROS 1 serialized std_msgs/String: uint32 little-endian length, then the bytes.
      const n = data.getUint32(0, true);
      received(i, utf8.decode(new Uint8Array(data.buffer, data.byteOffset + 4, n)), undefined);
    } else {
      // sensor_msgs/Image's pixels are its last field: a uint32 length, then the bytes.
      received(i, undefined, data.getUint32(data.byteLength - IMAGE_BYTES - 4, true));
    }
  });
  return () => client.close();
}

const closers = [];
for (let i = 0; i < clients; i++) {
  closers.push(protocol === 'foxglove' ? foxgloveClient(i) : rosbridgeClient(i));
}

const readyTimer = setInterval(() => {
  if (stats.every((s) => s.total > 0)) {
    clearInterval(readyTimer);
    console.log('READY');
  }
}, 20);
setTimeout(() => {
  if (!stats.every((s) => s.total > 0)) {
    fail(`${stats.filter((s) => s.total === 0).length} of ${clients} clients got no message within 60 s`);
  }
}, 60_000).unref();

const stdin = readline.createInterface({ input: process.stdin });
stdin.on('line', (line) => {
  if (line.trim() !== 'GO') {
    return;
  }
  setTimeout(() => {
    measuring = true;
    const t0 = process.hrtime.bigint();
    setTimeout(() => {
      measuring = false;
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const lines = stats.map((s, i) =>
        `CLIENT ${i} msgs=${s.msgs} secs=${secs.toFixed(3)} rate=${(s.msgs / secs).toFixed(1)} bad=${s.bad} closed=${s.closed}`);
      lines.push(`LAT ${latencies.join(',')}`, 'DONE', '');
      closing = true;
      closers.forEach((close) => close());
      // Exit once the lines are written: stdout to a pipe is asynchronous, process.exit alone may cut them.
      process.stdout.write(lines.join('\n'), () => process.exit(0));
    }, measureMs);
  }, warmupMs);
});
