// roslibjs against the Pyros gateway of a node on a ROS 2 domain with Cyclone DDS peers: a talker
// on /chatter, an echo from /from_browser to /echo, an AddTwoInts server on /add_two_ints.
// Usage: node roslib-ros2.mjs ws://127.0.0.1:PORT NODE_NAME
// Prints "ok <step>" per passed step and "all passed", exit 0; 1 with the reason otherwise.
import * as ROSLIB from 'roslib';
import { check, connectRos, firstMessage, within } from './steps.mjs';

const [url, nodeName] = process.argv.slice(2);

const ros = await connectRos(ROSLIB, url);

const topics = await within('getTopics', new Promise((resolve, reject) => ros.getTopics(resolve, reject)));
const at = topics.topics.indexOf('/chatter');
check(at >= 0 && topics.types[at] === 'std_msgs/msg/String', `getTopics lacks /chatter: ${JSON.stringify(topics)}`);

const json = await within('subscribe json', firstMessage(ROSLIB, ros, '/chatter', 'std_msgs/msg/String', {}, () => true));
check(/^hello \d+$/.test(json.data), `unexpected /chatter message ${JSON.stringify(json)}`);
const cbor = await within('subscribe cbor', firstMessage(ROSLIB, ros, '/chatter', 'std_msgs/msg/String', { compression: 'cbor' }, () => true));
check(/^hello \d+$/.test(cbor.data), `unexpected CBOR /chatter message ${JSON.stringify(cbor)}`);

const services = await within('getServices', new Promise((resolve, reject) => ros.getServices(resolve, reject)));
check(services.includes('/add_two_ints'), `getServices lacks /add_two_ints: ${JSON.stringify(services)}`);
const serviceType = await within('getServiceType', new Promise((resolve, reject) =>
  ros.getServiceType('/add_two_ints', resolve, reject)));
check(serviceType === 'example_interfaces/srv/AddTwoInts', `service type ${serviceType}`);

// The Cyclone server's caller convention: request i is a=i, b=1000000+3i.
const add = new ROSLIB.Service({ ros, name: '/add_two_ints', serviceType });
const sum = await within('call service', new Promise((resolve, reject) =>
  add.callService({ a: 1, b: 1000003 }, resolve, reject)));
check(Number(sum.sum) === 1000004, `unexpected sum ${JSON.stringify(sum)}`);

// A parameter of the Pyros node itself: ROS 2 parameters belong to nodes.
const param = new ROSLIB.Param({ ros, name: `${nodeName}/answer` });
await within('param set', new Promise((resolve, reject) => param.set(42, resolve, reject)));
const value = await within('param get', new Promise((resolve, reject) => param.get(resolve, reject)));
check(value === 42, `unexpected param ${JSON.stringify(value)}`);

const nodes = await within('getNodes', new Promise((resolve, reject) => ros.getNodes(resolve, reject)));
check(nodes.includes(nodeName), `getNodes lacks ${nodeName}: ${JSON.stringify(nodes)}`);

// Publish until the Cyclone peer's echo comes back: the first messages may go before discovery.
const fromBrowser = new ROSLIB.Topic({ ros, name: '/from_browser', messageType: 'std_msgs/msg/String' });
fromBrowser.advertise();
const publisher = setInterval(() => fromBrowser.publish({ data: 'from roslib' }), 100);
await within('publish', firstMessage(ROSLIB, ros, '/echo', 'std_msgs/msg/String', {}, (m) => m.data === 'from roslib'))
  .finally(() => clearInterval(publisher));

ros.close();
console.log('all passed');
process.exit(0);
