// roslibjs against a gateway with tokens: refused without one, then Ros.authenticate (rosauth's
// "auth" op, its mac being the token) as a read-only dashboard and as an operator that may publish.
// Usage: node roslib-auth.mjs ws://127.0.0.1:PORT DASHBOARD_TOKEN OPERATOR_TOKEN
// Prints "ok <step>" per passed step and "all passed", exits 0; 1 with the reason otherwise.
import * as ROSLIB from 'roslib';
import { check, connectRos, firstMessage, within } from './steps.mjs';

const [url, dashboardToken, operatorToken] = process.argv.slice(2);

function authenticate(ros, token) {
  ros.authenticate(token, 'roslib-auth', url, 'no-rand', Date.now() / 1000, 'user', Date.now() / 1000 + 3600);
}

const call = (ros, args) => new Promise((resolve) =>
  new ROSLIB.Service({ ros, name: '/set_flag', serviceType: 'std_srvs/SetBool' })
    .callService(args, (r) => resolve({ ok: true, r }), (e) => resolve({ ok: false, e: String(e) })));

// Without a token: every operation refused, the connection stays.
const anonymous = await connectRos(ROSLIB, url);
const refused = await within('refused without a token', call(anonymous, { data: true }));
check(!refused.ok && refused.e.includes('NOT_EXPOSED'), `the call without a token was not refused: ${JSON.stringify(refused)}`);
const none = await within('getTopics without a token', new Promise((resolve, reject) => anonymous.getTopics(resolve, reject)));
check(none.topics.length === 0, `a client without a token sees topics: ${JSON.stringify(none)}`);

// The same connection, authenticated as the dashboard: it reads, but may not call or publish.
authenticate(anonymous, dashboardToken);
const topics = await within('getTopics as dashboard', new Promise((resolve, reject) => anonymous.getTopics(resolve, reject)));
check(topics.topics.includes('/chatter'), `the dashboard does not see /chatter: ${JSON.stringify(topics)}`);
const hello = await within('subscribe as dashboard', firstMessage(ROSLIB, anonymous, '/chatter', 'std_msgs/String', {}, () => true));
check(/^hello \d+$/.test(hello.data), `unexpected /chatter message ${JSON.stringify(hello)}`);
const readOnly = await within('call refused to dashboard', call(anonymous, { data: true }));
check(!readOnly.ok && readOnly.e.includes('NOT_EXPOSED'), `the dashboard could call: ${JSON.stringify(readOnly)}`);
anonymous.close();

// The operator publishes (rospy echoes it back) and calls.
const operator = await connectRos(ROSLIB, url);
authenticate(operator, operatorToken);
const fromBrowser = new ROSLIB.Topic({ ros: operator, name: '/from_browser', messageType: 'std_msgs/String' });
const publisher = setInterval(() => fromBrowser.publish({ data: 'from the operator' }), 100);
await within('publish as operator', firstMessage(ROSLIB, operator, '/echo', 'std_msgs/String', {}, (m) => m.data === 'echo: from the operator'))
  .finally(() => clearInterval(publisher));
const flag = await within('call as operator', call(operator, { data: true }));
check(flag.ok && flag.r.message === 'flag is True', `the operator's call failed: ${JSON.stringify(flag)}`);
operator.close();
console.log('all passed');
process.exit(0);
