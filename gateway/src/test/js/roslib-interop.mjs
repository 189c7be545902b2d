// roslibjs (the real npm client) against the Pyros gateway. Usage: node roslib-interop.mjs ws://127.0.0.1:PORT
// Prints "ok <step>" per passed step and exits 0 when all passed; 1 with the reason otherwise.
import * as ROSLIB from 'roslib';
import { check, connectRos, firstMessage, within } from './steps.mjs';

const url = process.argv[2];

const ros = await connectRos(ROSLIB, url);

const topics = await within('getTopics', new Promise((resolve, reject) => ros.getTopics(resolve, reject)));
const at = topics.topics.indexOf('/chatter');
check(at >= 0 && topics.types[at] === 'std_msgs/String', `getTopics lacks /chatter: ${JSON.stringify(topics)}`);

const json = await within('subscribe json', firstMessage(ROSLIB, ros, '/chatter', 'std_msgs/String', {}, (m) => true));
check(/^hello \d+$/.test(json.data), `unexpected /chatter message ${JSON.stringify(json)}`);

const cbor = await within('subscribe cbor', firstMessage(ROSLIB, ros, '/chatter', 'std_msgs/String', { compression: 'cbor' }, (m) => true));
check(/^hello \d+$/.test(cbor.data), `unexpected CBOR /chatter message ${JSON.stringify(cbor)}`);

const throttled = await within('subscribe throttled', firstMessage(ROSLIB, ros, '/chatter', 'std_msgs/String',
  { throttle_rate: 200, queue_length: 1 }, (m) => true));
check(/^hello \d+$/.test(throttled.data), `unexpected throttled message ${JSON.stringify(throttled)}`);

const setFlag = new ROSLIB.Service({ ros, name: '/set_flag', serviceType: 'std_srvs/SetBool' });
const flag = await within('call service', new Promise((resolve, reject) => setFlag.callService({ data: true }, resolve, reject)));
check(flag.success === true && flag.message === 'flag is True', `unexpected /set_flag answer ${JSON.stringify(flag)}`);

const missing = new ROSLIB.Service({ ros, name: '/no_such_service', serviceType: 'std_srvs/Trigger' });
const refusal = await within('call missing service', new Promise((resolve, reject) =>
  missing.callService({}, (r) => reject(new Error(`a missing service answered ${JSON.stringify(r)}`)), resolve)));
check(String(refusal).includes('NOT_FOUND'), `unexpected refusal ${refusal}`);

const param = new ROSLIB.Param({ ros, name: '/gateway_test/answer' });
await within('param set', new Promise((resolve, reject) => param.set({ value: 42, label: 'forty-two' }, resolve, reject)));
const value = await within('param get', new Promise((resolve, reject) => param.get(resolve, reject)));
check(value.value === 42 && value.label === 'forty-two', `unexpected param ${JSON.stringify(value)}`);
const names = await within('getParams', new Promise((resolve, reject) => ros.getParams(resolve, reject)));
check(names.includes('/gateway_test/answer/value'), `getParams lacks the param: ${JSON.stringify(names)}`);

// Publish until the rospy peer's echo comes back: the first messages may go before it is connected.
const fromBrowser = new ROSLIB.Topic({ ros, name: '/from_browser', messageType: 'std_msgs/String' });
fromBrowser.advertise();
const publisher = setInterval(() => fromBrowser.publish({ data: 'from roslib' }), 100);
await within('publish', firstMessage(ROSLIB, ros, '/echo', 'std_msgs/String', {}, (m) => m.data === 'echo: from roslib'))
  .finally(() => clearInterval(publisher));

const provided = new ROSLIB.Service({ ros, name: '/browser_flag', serviceType: 'std_srvs/SetBool' });
await provided.advertise((request, response) => {
  response.success = !request.data;
  response.message = `browser got ${request.data}`;
  return true;
});
await within('advertise service', firstMessage(ROSLIB, ros, '/echo', 'std_msgs/String', {}, (m) => m.data === 'browser said: browser got true'));

const details = await within('message details', new Promise((resolve, reject) =>
  ros.getMessageDetails('std_msgs/String', resolve, reject)));
check(details[0].type === 'std_msgs/String' && details[0].fieldnames[0] === 'data', `unexpected details ${JSON.stringify(details)}`);

await provided.unadvertise();
ros.close();
console.log('all passed');
process.exit(0);
