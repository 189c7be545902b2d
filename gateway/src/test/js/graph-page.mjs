// The gateway's graph page in headless Chromium (Debian's, driven by playwright-core).
// Usage: node graph-page.mjs http://127.0.0.1:PORT/ SCREENSHOT.png
// Prints "ok <step>" per passed step and exits 0 when all passed; 1 with the reason otherwise.
import { chromium } from 'playwright-core';
import { check, STEP_TIMEOUT_MS } from './steps.mjs';

const [url, screenshot] = process.argv.slice(2);

// Waits until a form field holds text: selecting a topic or service fills the forms.
function valueContains(page, selector, text) {
  return page.waitForFunction(([s, t]) => document.querySelector(s)?.value.includes(t), [selector, text]);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.url()} answered ${r.status()}`); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  const step = async (name, run) => {
    await run();
    check(problems.length === 0, `${name}: ${problems.join('; ')}`);
    console.log(`ok ${name}`);
  };

  await step('page loads and connects', async () => {
    const response = await page.goto(url);
    check(response.ok(), `GET ${url} answered ${response.status()}`);
    await page.locator('#connection', { hasText: 'connected' }).waitFor();
  });

  const chatter = page.locator('#topics tr[data-name="/chatter"]');
  await step('topic list', async () => {
    await chatter.waitFor();
    check(await chatter.locator('td.type').textContent() === 'std_msgs/String', 'the /chatter row lacks its type');
    await page.locator('#services li[data-name="/set_flag"]').waitFor();
    await page.locator('#params li[data-name="/page_test/speed"]').waitFor();
  });

  await step('rate', async () => {
    // rospy says hello at 20 Hz; /chatter is watched without asking.
    await page.waitForFunction(() => {
      const cell = document.querySelector('#topics tr[data-name="/chatter"] td.rate');
      return cell && parseFloat(cell.textContent) > 5;
    });
  });

  await step('message arrives', async () => {
    await chatter.locator('td.name').click();
    await page.locator('#message', { hasText: /"data": "hello \d+"/ }).waitFor();
  });

  await step('publish from the form', async () => {
    // rospy echoes /from_browser on /echo; the first messages may go before it has connected, so
    // the form is sent again until the echo shows.
    await page.locator('#topics tr[data-name="/echo"] td.name').click();
    await valueContains(page, '#publish textarea[name=message]', '"data": ""');
    await page.fill('#publish input[name=topic]', '/from_browser');
    await page.fill('#publish input[name=type]', 'std_msgs/String');
    await page.fill('#publish textarea[name=message]', '{"data": "from the page"}');
    const echo = page.locator('#message', { hasText: '"data": "echo: from the page"' });
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (!(await echo.isVisible())) {
      check(Date.now() < deadline, `no echo within ${STEP_TIMEOUT_MS} ms; the form says ${await page.textContent('#publish output')}`);
      await page.click('#publish button');
      await echo.waitFor({ timeout: 500 }).catch(() => {});
    }
  });

  await step('service call from the form', async () => {
    await page.locator('#services li[data-name="/set_flag"]').click();
    await valueContains(page, '#call textarea[name=args]', '"data": false');
    await page.fill('#call textarea[name=args]', '{"data": true}');
    await page.click('#call button');
    await page.locator('#call-result', { hasText: '"message": "flag is True"' }).waitFor();
    check((await page.textContent('#call-result')).includes('"success": true'), 'the answer lacks success');
  });

  await step('service failure shown', async () => {
    await page.fill('#call input[name=service]', '/no_such_service');
    await page.click('#call button');
    await page.locator('#call-result.error', { hasText: 'NOT_FOUND' }).waitFor();
  });

  await step('param value', async () => {
    await page.locator('#params li[data-name="/page_test/speed"]').click();
    await page.locator('#message', { hasText: '1.5' }).waitFor();
  });

  await step('image shown', async () => {
    await page.locator('#topics tr[data-name="/camera/image"] td.name').click();
    await page.waitForFunction(() => {
      const canvas = document.getElementById('image');
      return !canvas.hidden && canvas.width === 64 && canvas.height === 48;
    });
    const [left, right] = await page.evaluate(() => {
      const context = document.getElementById('image').getContext('2d');
      return [Array.from(context.getImageData(10, 20, 1, 1).data), Array.from(context.getImageData(50, 20, 1, 1).data)];
    });
    check(left.join() === '255,0,0,255' && right.join() === '0,0,255,255', `unexpected pixels ${left} and ${right}`);
    await page.locator('#message', { hasText: '"encoding": "rgb8"' }).waitFor();
  });

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('all passed');
} catch (e) {
  console.error(`failed: ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
